using Harness.ConsoleChecks;
using Harness.Processes;
using Harness.Ssh;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Machines;

/// <summary>
/// What a <see cref="Machine"/> gets from the session and test that start it. Immutable; use <c>with</c> to change.
/// </summary>
/// <param name="Name">The machine's unique name in the run (<c>cl-basic-m1-7f3a</c>); used in messages, logs and by the platform.</param>
/// <param name="ArtifactDir">This machine's artifact folder (created if missing): console.txt, journal.txt, ignition.json, ssh/.</param>
/// <param name="ClientKey">The run's SSH client key; its public half is authorized for <c>core</c>.</param>
public sealed record MachineContext(string Name, string ArtifactDir, SshKeyPair ClientKey)
{
    /// <summary>Where the machine's logs go. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock for waits and elapsed times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Runs ssh and ssh-keygen. Default <see cref="Processes.ProcessRunner.Default"/>.</summary>
    public IProcessRunner ProcessRunner { get; init; } = Processes.ProcessRunner.Default;

    /// <summary>Console checks the test allows (<c>[AllowConsole]</c>); their matches are not reported. Default none.</summary>
    public IReadOnlyList<ConsoleCheckOptOut> ConsoleOptOuts { get; init; } = [];

    /// <summary>
    /// Receives the console-check findings (console and journal) when the machine is disposed, once, possibly with an
    /// empty list. The session decides what a finding does to the test. Default: findings are only logged.
    /// </summary>
    public Action<IReadOnlyList<ConsoleFinding>>? ReportConsoleFindings { get; init; }

    /// <summary>The guest user commands run as. Default <c>core</c>.</summary>
    public string SshUser { get; init; } = "core";

    /// <summary>Test seam: builds the SSH layer (default: OpenSSH processes through <see cref="ProcessRunner"/>).</summary>
    internal Func<SshConnectionSettings, ISshConnection>? SshConnectionFactory { get; init; }
}
