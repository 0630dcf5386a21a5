using Harness.Catalog;

namespace Harness.Denylists;

/// <summary>One entry of a denylist (CoreOS kola's <c>kola-denylist.yaml</c> shape, with <c>channels</c> for its streams).</summary>
public sealed record DenylistEntry
{
    /// <summary>Kola glob of the tests it applies to (<c>cl.ignition.*</c>).</summary>
    public required KolaGlob Pattern { get; init; }

    /// <summary>Tracking link (issue URL), shown in skip reasons and reports; may be null.</summary>
    public string? Tracker { get; init; }

    /// <summary>Platforms it applies to; empty = all.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>Architectures it applies to; empty = all.</summary>
    public IReadOnlyList<string> Arches { get; init; } = [];

    /// <summary>Channels it applies to; empty = all.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Skip until this day (inclusive, UTC); after it the entry no longer skips. Null = skip without end (unless <see cref="Warn"/>).</summary>
    public DateOnly? Snooze { get; init; }

    /// <summary>Run the test, but a failure does not fail the run.</summary>
    public bool Warn { get; init; }

    /// <summary>Line of the entry in the file (1-based), for messages.</summary>
    public int Line { get; init; }

    /// <summary>True when the entry's name pattern and filters match.</summary>
    public bool Matches(string test, string platform, string arch, string channel) =>
        Pattern.IsMatch(test) && Allows(Platforms, platform) && Allows(Arches, arch) && Allows(Channels, channel);

    private static bool Allows(IReadOnlyList<string> values, string value) =>
        values.Count == 0 || values.Contains(value, StringComparer.OrdinalIgnoreCase);
}
