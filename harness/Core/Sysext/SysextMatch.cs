namespace Harness.Sysext;

/// <summary>systemd-sysext's verdict on one extension for one host, with the rule that decided it.</summary>
/// <param name="Accepted">Whether systemd would merge the extension.</param>
/// <param name="Reason">The deciding rule in words, e.g. "ID 'flatcar' does not match the host's ID 'contract'".</param>
public sealed record SysextMatch(bool Accepted, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => (Accepted ? "accepted: " : "refused: ") + Reason;
}
