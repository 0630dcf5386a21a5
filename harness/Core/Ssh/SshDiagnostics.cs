namespace Harness.Ssh;

/// <summary>Reads OpenSSH's stderr: what kind of failure an exit code 255 was.</summary>
internal static class SshDiagnostics
{
    /// <summary>Connect-phase errors worth retrying while the machine's sshd comes up or restarts.</summary>
    private static readonly string[] TransientConnect =
    [
        "Connection refused",
        "Connection reset",
        "kex_exchange_identification",
        "Connection timed out during banner exchange",
        "Connection timed out",
        "Connection closed by",
        "ssh_exchange_identification",
        "No route to host",
        "Network is unreachable",
    ];

    /// <summary>Failures that happen before a multiplexed command starts: rerunning it is safe.</summary>
    private static readonly string[] BeforeCommandStarted =
    [
        "Connection refused",
        "kex_exchange_identification",
        "Connection timed out during banner exchange",
        "ssh_exchange_identification",
        "mux_client_",
        "Control socket",
        "ControlSocket",
    ];

    private static readonly string[] HostKey =
    [
        "REMOTE HOST IDENTIFICATION HAS CHANGED",
        "Host key verification failed",
        "no matching host key type found",
        "host key for",
    ];

    /// <summary>Noise from a dead control socket; ssh then falls back to a direct connection.</summary>
    private const string DeadControlSocket = "Control socket connect(";

    public static bool IsTransient(string stderr) => ContainsAny(stderr, TransientConnect);

    public static bool IsBeforeCommandStarted(string stderr) => ContainsAny(stderr, BeforeCommandStarted);

    public static bool IsHostKeyFailure(string stderr) => ContainsAny(stderr, HostKey);

    public static bool MentionsDeadControlSocket(string stderr) => stderr.Contains(DeadControlSocket, StringComparison.Ordinal);

    /// <summary>Removes ssh's complaints about a dead control socket so the command's own stderr stays verbatim.</summary>
    public static string WithoutControlSocketNoise(string stderr)
    {
        if (!MentionsDeadControlSocket(stderr))
        {
            return stderr;
        }

        var lines = stderr.Split('\n').Where(line => !line.StartsWith(DeadControlSocket, StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    /// <summary>The last non-empty line, for logs.</summary>
    public static string LastLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : lines[^1];
    }

    private static bool ContainsAny(string text, string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
