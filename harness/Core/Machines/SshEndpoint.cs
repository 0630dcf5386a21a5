namespace Harness.Machines;

/// <summary>Where the harness reaches a machine's sshd (QEMU: a 127.0.0.1 port forward; cloud: a public IP).</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port that reaches the guest's sshd.</param>
public sealed record SshEndpoint(string Host, int Port)
{
    /// <summary>
    /// Optional: a port on <see cref="Host"/> that reaches a port of the same guest where nothing listens, so a guest
    /// whose network is up answers it at once with a reset. Platforms whose forward accepts connections on the guest's
    /// behalf set it (QEMU's user network): readiness probes ask it first and reach sshd only once the guest answers,
    /// because a connection made to sshd's forward while the guest cannot answer stays pending there and reaches sshd
    /// later as a stray connection.
    /// </summary>
    public int? NetworkProbePort { get; init; }
}
