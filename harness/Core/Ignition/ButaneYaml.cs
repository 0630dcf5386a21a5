using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Ignition;

/// <summary>Loads Butane YAML with YamlDotNet, turning its errors into <see cref="ButaneException"/>s with positions.</summary>
internal static class ButaneYaml
{
    /// <summary>The root node of the single document in <paramref name="yaml"/> (a null scalar when empty).</summary>
    public static YamlNode Load(string yaml, ButaneSource source)
    {
        CheckSyntax(yaml, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw source.Error(e.Start, "", $"invalid YAML: {Describe(e)}", e);
        }
        return stream.Documents.Count switch
        {
            0 => new YamlScalarNode(null) { Style = ScalarStyle.Plain },
            1 => stream.Documents[0].RootNode,
            _ => throw source.Error(
                stream.Documents[1].RootNode.Start, "", "expected one YAML document, found several"),
        };
    }

    /// <summary>
    /// Runs the YAML parser alone first, because it locates syntax errors better than the representation model:
    /// some malformed input makes YamlDotNet throw <see cref="InvalidOperationException"/> without a position (we
    /// report the end of the last good event), and tab indentation is reported at 1:1 (we find the tab).
    /// </summary>
    private static void CheckSyntax(string yaml, ButaneSource source)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (YamlException e)
        {
            var mark = e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? FirstIndentingTab(yaml) ?? e.Start : e.Start;
            throw source.Error(mark, "", $"invalid YAML: {Describe(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            throw source.Error(last, "", "invalid YAML: cannot parse past this point (an unclosed bracket or quote?)", e);
        }
    }

    private static Mark? FirstIndentingTab(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return new Mark(0, i + 1, tab + 1);
            }
        }
        return null;
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException is { } inner && e.Message.Contains("see inner", StringComparison.Ordinal)
            ? inner.Message
            : e.Message;
        return StripMark(message);
    }

    /// <summary>YamlDotNet puts "(Line: 3, Col: 5, Idx: …) - (…): " in front of its messages; we give our own.</summary>
    private static string StripMark(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
