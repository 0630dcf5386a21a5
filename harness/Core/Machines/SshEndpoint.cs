namespace Harness.Machines;

/// <summary>Where the harness reaches a machine's sshd (QEMU: a 127.0.0.1 port forward; cloud: a public IP).</summary>
public sealed record SshEndpoint(string Host, int Port);
