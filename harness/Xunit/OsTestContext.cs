using System.Text;
using Harness.Catalog;
using Harness.ConsoleChecks;
using Harness.Machines;
using Harness.Xunit.Logging;
using Harness.Xunit.Runs;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit;

/// <summary>
/// The OS test running on this async flow: its name, artifact folder, cancellation token (fires at the time limit),
/// logger and machines. Set by the harness around the test body; <see cref="Session"/> uses it to know whose machine
/// it starts. Tests rarely need it directly (<c>OsTestContext.Current!.ArtifactDirectory</c> to save extra evidence).
/// </summary>
public sealed class OsTestContext
{
    private static readonly AsyncLocal<OsTestContext?> CurrentContext = new();

    private readonly Lock _gate = new();
    private readonly List<MachineSlot> _slots = [];
    private readonly List<ConsoleFinding> _findings = [];
    private readonly List<string> _notes = [];
    private readonly List<ParkingPlatform.ParkedBackend> _parked = [];
    private readonly HashSet<string> _machineNames = new(StringComparer.Ordinal);
    private readonly StringBuilder _output = new();
    private readonly LogFile _log;

    internal OsTestContext(TestMetadata metadata, string artifactDirectory, TestDeadline deadline, ILogger logger, LogFile log)
    {
        Metadata = metadata;
        ArtifactDirectory = artifactDirectory;
        Deadline = deadline;
        Logger = logger;
        _log = log;
    }

    /// <summary>The test running on this flow, or null outside an <c>[OsTest]</c> body.</summary>
    public static OsTestContext? Current => CurrentContext.Value;

    /// <summary>The test's kola-style name.</summary>
    public string Name => Metadata.Name;

    /// <summary>What the catalog knows about the test.</summary>
    public TestMetadata Metadata { get; }

    /// <summary>The test's artifact folder, <c>&lt;run&gt;/&lt;test name&gt;/</c> (machines get sub-folders).</summary>
    public string ArtifactDirectory { get; }

    /// <summary>Cancelled when the test's time limit is used up or the run is aborted; the default token of every <see cref="Session"/> call.</summary>
    public CancellationToken CancellationToken => Deadline.Token;

    /// <summary>The time limit (time waiting for machine capacity is not counted).</summary>
    public TimeSpan TimeLimit => Deadline.Limit;

    /// <summary>A logger whose lines go to <c>test.log</c>, <c>harness.log</c> and the test's output.</summary>
    public ILogger Logger { get; }

    /// <summary>The machines the test started so far, in start order.</summary>
    public IReadOnlyList<Machine> Machines
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Select(s => s.Machine).OfType<Machine>()];
            }
        }
    }

    internal TestDeadline Deadline { get; }

    /// <summary>Everything logged at Information or above while the test ran (its xunit output).</summary>
    internal string OutputText
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Console-check findings reported by the test's machines so far (already without the allowed checks).</summary>
    internal IReadOnlyList<ConsoleFinding> Findings
    {
        get
        {
            lock (_gate)
            {
                return [.. _findings];
            }
        }
    }

    /// <summary>The notes recorded so far (<see cref="AddNote"/>), in order.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_gate)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>
    /// Records a one-line fact for the report: it goes into this test's result in <c>results.json</c> (<c>notes</c>) and
    /// the test's log. Line breaks are replaced by spaces. Never put secrets in a note.
    /// </summary>
    public void AddNote(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var line = note.ReplaceLineEndings(" ");
        lock (_gate)
        {
            _notes.Add(line);
        }

        WriteLog(LogLevel.Information, "note: " + line);
    }

    internal IReadOnlyList<MachineSlot> Slots
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots];
            }
        }
    }

    /// <summary>Makes <paramref name="context"/> current for the rest of the calling async method and what it starts.</summary>
    internal static void Enter(OsTestContext? context) => CurrentContext.Value = context;

    internal void WriteLog(LogLevel level, string line)
    {
        _log.WriteLine(line);
        if (level >= LogLevel.Information)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }

    internal void AddFindings(IEnumerable<ConsoleFinding> reported)
    {
        lock (_gate)
        {
            _findings.AddRange(reported);
        }
    }

    internal IReadOnlyList<ParkingPlatform.ParkedBackend> ParkedBackends
    {
        get
        {
            lock (_gate)
            {
                return [.. _parked];
            }
        }
    }

    internal void TrackBackend(ParkingPlatform.ParkedBackend backend)
    {
        lock (_gate)
        {
            _parked.Add(backend);
        }
    }

    internal void Track(MachineSlot slot)
    {
        lock (_gate)
        {
            _slots.Add(slot);
        }
    }

    /// <summary>
    /// A short machine name unique in this test: the spec's name when free; for the default <c>m&lt;n&gt;</c> names the
    /// next free number (two <c>StartAsync(spec)</c> calls get m1 and m2); otherwise <c>name-2</c>, <c>name-3</c>, ….
    /// </summary>
    internal string ReserveMachineName(string wanted)
    {
        lock (_gate)
        {
            var candidate = wanted;
            var numbered = wanted.Length > 1 && wanted[0] == 'm' && wanted[1..].All(char.IsAsciiDigit);
            for (var n = 2; _machineNames.Contains(candidate); n++)
            {
                candidate = numbered ? $"m{n}" : $"{wanted}-{n}";
            }

            _machineNames.Add(candidate);
            return candidate;
        }
    }
}
