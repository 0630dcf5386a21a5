using System.Globalization;
using Harness.Catalog;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Denylists;

/// <summary>
/// A YAML denylist: a list of entries <c>{pattern, tracker, platforms, arches, channels, snooze, warn}</c> (see
/// docs/results.md). A matching entry with an unexpired <c>snooze: YYYY-MM-DD</c> (or with neither snooze nor warn)
/// skips the test with a reason; an expired snooze runs it again; <c>warn: true</c> runs it and a failure does not
/// fail the run. The first matching entry wins. Parsing refuses anything unexpected, naming file and line.
/// </summary>
public sealed class Denylist
{
    private static readonly HashSet<string> Keys = ["pattern", "tracker", "platforms", "arches", "channels", "snooze", "warn"];

    private Denylist(IReadOnlyList<DenylistEntry> entries)
    {
        Entries = entries;
    }

    /// <summary>An empty denylist.</summary>
    public static Denylist Empty { get; } = new([]);

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<DenylistEntry> Entries { get; }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="DenylistException">The file cannot be read or is malformed.</exception>
    public static Denylist Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DenylistException($"denylist {path}: cannot read it: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses denylist YAML; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DenylistException">Malformed: the message says file, line and what is expected.</exception>
    public static Denylist Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            var marker = message.IndexOf("): ", StringComparison.Ordinal);
            message = message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
            throw new DenylistException($"denylist {source}:{e.Start.Line}: not valid YAML: {message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Empty;
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            throw Error(source, stream.Documents[0].RootNode, "expected a list of entries ('- pattern: cl.foo.*')");
        }

        return new Denylist([.. list.Children.Select(node => Entry(node, source))]);
    }

    /// <summary>Decides for <paramref name="test"/> on this platform/arch/channel on <paramref name="today"/> (UTC).</summary>
    public DenylistDecision Decide(string test, string platform, string arch, string channel, DateOnly today)
    {
        string? note = null;
        foreach (var entry in Entries.Where(e => e.Matches(test, platform, arch, channel)))
        {
            var tracked = entry.Tracker is { } t ? $" ({t})" : string.Empty;
            if (entry.Snooze is { } until)
            {
                if (today <= until)
                {
                    return new DenylistDecision($"denylisted until {Day(until)} by '{entry.Pattern}'{tracked}", false, entry.Tracker, null);
                }

                note = $"denylist snooze of '{entry.Pattern}' expired on {Day(until)}{tracked}: the test runs again";
                if (entry.Warn)
                {
                    return new DenylistDecision(null, true, entry.Tracker, note);
                }

                continue;
            }

            return entry.Warn
                ? new DenylistDecision(null, true, entry.Tracker, null)
                : new DenylistDecision($"denylisted by '{entry.Pattern}'{tracked}", false, entry.Tracker, null);
        }

        return note is null ? DenylistDecision.None : DenylistDecision.None with { Note = note };
    }

    private static DenylistEntry Entry(YamlNode node, string source)
    {
        if (node is not YamlMappingNode map)
        {
            throw Error(source, node, "expected an entry with 'pattern:' (and optional tracker, platforms, arches, channels, snooze, warn)");
        }

        KolaGlob? pattern = null;
        var entry = new DenylistEntry { Pattern = null!, Line = (int)node.Start.Line };
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!Keys.Contains(key))
            {
                throw Error(source, keyNode, $"unknown key '{key}' (expected one of {string.Join(", ", Keys)})");
            }

            switch (key)
            {
                case "pattern":
                    var text = Scalar(source, value, key);
                    if (!KolaGlob.TryParse(text, out pattern, out var error))
                    {
                        throw Error(source, value, $"pattern '{text}': {error}");
                    }

                    break;
                case "tracker":
                    entry = entry with { Tracker = Scalar(source, value, key) };
                    break;
                case "snooze":
                    var day = Scalar(source, value, key);
                    entry = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
                        ? entry with { Snooze = until }
                        : throw Error(source, value, $"snooze '{day}' is not a date: expected YYYY-MM-DD");
                    break;
                case "warn":
                    var flag = Scalar(source, value, key);
                    entry = bool.TryParse(flag, out var warn) ? entry with { Warn = warn } : throw Error(source, value, $"warn '{flag}': expected true or false");
                    break;
                default:
                    entry = key switch
                    {
                        "platforms" => entry with { Platforms = List(source, value, key) },
                        "arches" => entry with { Arches = List(source, value, key) },
                        _ => entry with { Channels = List(source, value, key) },
                    };
                    break;
            }
        }

        return pattern is null ? throw Error(source, node, "entry has no 'pattern:' (a kola glob such as cl.ignition.*)") : entry with { Pattern = pattern };
    }

    private static string Scalar(string source, YamlNode node, string key) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(source, node, $"'{key}' needs a single non-empty value");

    private static IReadOnlyList<string> List(string source, YamlNode node, string key) => node switch
    {
        YamlScalarNode { Value: { Length: > 0 } one } => [one],
        YamlSequenceNode many => [.. many.Children.Select(c => Scalar(source, c, key))],
        _ => throw Error(source, node, $"'{key}' needs a name or a list of names"),
    };

    private static DenylistException Error(string source, YamlNode node, string what) =>
        new($"denylist {source}:{node.Start.Line}: {what}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
