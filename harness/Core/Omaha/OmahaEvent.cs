namespace Harness.Omaha;

/// <summary>
/// One <c>&lt;event&gt;</c> a client reported. Types and results are update_engine's (<c>omaha_request_action.h</c>).
/// update_engine sends two kinds: every update check carries a check report (<c>3/2 previousversion=…</c>, or
/// <c>3/0 errorcode=44</c> after a rollback; <c>omaha_request_action.cc</c> <c>GetAppBody</c>), and progress events
/// (13, 14, 3/1, 3/0 with an error code) come in requests of their own (<see cref="OmahaServer.ProgressEvents"/>).
/// </summary>
/// <param name="Type">Event type: 13 download started, 14 download finished, 3 update complete.</param>
/// <param name="Result">0 error, 1 success, 2 success after reboot, 9 deferred.</param>
/// <param name="ErrorCode">
/// update_engine's error code as sent, flag bits included (<c>update_attempter.cc</c> <c>GetErrorCodeFlags</c>: 1&lt;&lt;28
/// for a server that is not the production one, …); <see cref="BaseErrorCode"/> is the action code alone.
/// </param>
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

    /// <summary>update_engine's <c>kActionCodePayloadHashMismatchError</c>: the whole payload's SHA-256 is not the announced one.</summary>
    public const int PayloadHashMismatchErrorCode = 10;

    /// <summary>
    /// update_engine's <c>kActionCodeDownloadOperationHashMismatch</c>: an operation's data does not match its SHA-256. A
    /// payload corrupted in transit fails this first: operations are checked as they stream in (<c>delta_performer.cc</c>),
    /// the whole payload only at the end.
    /// </summary>
    public const int OperationHashMismatchErrorCode = 29;

    /// <summary>Error code flag: the server is not the production Omaha server (<c>kActionCodeTestOmahaUrlFlag</c>).</summary>
    public const int TestOmahaUrlFlag = 1 << 28;

    /// <summary>Error code flag: a dev/test image, <c>/root/.dev_mode</c> exists (<c>kActionCodeTestImageFlag</c>).</summary>
    public const int TestImageFlag = 1 << 29;

    /// <summary>Error code flag: the download was resumed (<c>kActionCodeResumedFlag</c>).</summary>
    public const int ResumedFlag = 1 << 30;

    /// <summary>Error code flag: the machine is not in normal boot mode (<c>kActionCodeDevModeFlag</c>, the sign bit).</summary>
    public const int DevModeFlag = unchecked((int)0x80000000);

    /// <summary>All of update_engine's error code flags (<c>kSpecialFlags</c>).</summary>
    public const int SpecialFlags = TestOmahaUrlFlag | TestImageFlag | ResumedFlag | DevModeFlag;

    /// <summary>The action code without update_engine's flag bits (<see cref="SpecialFlags"/>), when a code was given.</summary>
    public int? BaseErrorCode => ErrorCode & ~SpecialFlags;

    /// <summary>The flag bits of the error code (0 when none or no code).</summary>
    public int ErrorFlags => (ErrorCode ?? 0) & SpecialFlags;

    /// <inheritdoc />
    public override string ToString() =>
        $"event {Type}/{Result}" + (ErrorCode is { } code ? $" errorcode={code}" : "") +
        (PreviousVersion is { } previous ? $" previousversion={previous}" : "");
}
