namespace Harness.Platforms.Qemu;

/// <summary>Outcome of a helper process run to completion.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
