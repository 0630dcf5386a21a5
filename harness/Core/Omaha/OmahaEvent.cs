namespace Harness.Omaha;

/// <summary>
/// One <c>&lt;event&gt;</c> a client reported. Types and results are update_engine's (<c>omaha_request_action.h</c>).
/// </summary>
/// <param name="Type">Event type: 13 download started, 14 download finished, 3 update complete.</param>
/// <param name="Result">0 error, 1 success, 2 success after reboot, 9 deferred.</param>
/// <param name="ErrorCode">update_engine's action code when given (44: the machine rolled back).</param>
/// <param name="PreviousVersion">The version the machine ran before the update (in the success-after-reboot report).</param>
public sealed record OmahaEvent(int Type, int Result, int? ErrorCode, string? PreviousVersion)
{
    /// <summary>Event type: the download started.</summary>
    public const int DownloadStarted = 13;

    /// <summary>Event type: the download finished.</summary>
    public const int DownloadFinished = 14;

    /// <summary>Event type: the update completed (installed, or booted when the result is 2).</summary>
    public const int UpdateComplete = 3;

    /// <summary>Result: error.</summary>
    public const int ResultError = 0;

    /// <summary>Result: success.</summary>
    public const int ResultSuccess = 1;

    /// <summary>Result: success, and the machine rebooted into the new version.</summary>
    public const int ResultSuccessReboot = 2;

    /// <summary>update_engine's error code for "the new version did not stick: the machine is back on the old one".</summary>
    public const int RollbackErrorCode = 44;

    /// <inheritdoc />
    public override string ToString() =>
        $"event {Type}/{Result}" + (ErrorCode is { } code ? $" errorcode={code}" : "") +
        (PreviousVersion is { } previous ? $" previousversion={previous}" : "");
}
