using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Ignition;

/// <summary>A YAML node of a Butane config with its field path, read with go-yaml-like scalar rules.</summary>
internal sealed class ButaneNode(YamlNode node, string path, ButaneSource source)
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public string Path { get; } = path;

    public ButaneSource Source { get; } = source;

    public YamlNode Yaml { get; } = node;

    /// <summary>Whether the node is YAML null (<c>~</c>, <c>null</c> or nothing), which Butane treats as unset.</summary>
    public bool IsNull => Yaml is YamlScalarNode { Style: ScalarStyle.Plain } scalar
        && !HasStringTag(scalar)
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static bool HasStringTag(YamlScalarNode scalar) => scalar.Tag.IsGlobal && scalar.Tag.Value == StringTag;

    public ButaneException Fail(string problem, Exception? inner = null) => Source.Error(Yaml.Start, Path, problem, inner);

    public ButaneMap Map() => Yaml is YamlMappingNode mapping
        ? new ButaneMap(mapping, this)
        : throw Fail($"expected a mapping, got {Describe()}");

    public IReadOnlyList<ButaneNode> List()
    {
        if (Yaml is not YamlSequenceNode sequence)
        {
            throw Fail($"expected a list, got {Describe()}");
        }
        return [.. sequence.Children.Select((child, i) => new ButaneNode(child, $"{Path}[{i}]", Source))];
    }

    public IReadOnlyList<T> List<T>(Func<ButaneNode, T> read) => [.. List().Select(read)];

    public string String() => Yaml is YamlScalarNode { Value: { } value } && !IsNull
        ? value
        : throw Fail($"expected a string, got {Describe()}");

    public int Int()
    {
        if (Yaml is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } scalar
            && !HasStringTag(scalar)
            && TryParseInt(text, out var value))
        {
            return value;
        }
        throw Fail($"expected an integer, got {Describe()}");
    }

    public bool Bool()
    {
        if (Yaml is YamlScalarNode { Style: ScalarStyle.Plain } scalar && !HasStringTag(scalar))
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }
        throw Fail($"expected true or false, got {Describe()}");
    }

    /// <summary>A short description for messages: <c>a mapping</c>, <c>a list</c>, <c>null</c> or the quoted scalar.</summary>
    public string Describe() => Yaml switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull => "null",
        YamlScalarNode { Value: { } value } => $"\"{Shorten(value)}\"",
        _ => "an alias",
    };

    /// <summary>
    /// Integers as go-yaml reads them: decimal, <c>0x</c> hex, <c>0o</c> or leading-zero octal (so
    /// <c>0644</c> is 420), <c>0b</c> binary, optional sign, underscores between digits.
    /// </summary>
    private static bool TryParseInt(string text, out int value)
    {
        value = 0;
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = false;
        if (s.StartsWith('+') || s.StartsWith('-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || text.StartsWith('_') || text.EndsWith('_'))
        {
            return false;
        }
        var (digits, radix) = s switch
        {
            _ when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => (s[2..], 16),
            _ when s.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (s[2..], 8),
            _ when s.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (s[2..], 2),
            _ when s.Length > 1 && s[0] == '0' => (s[1..], 8),
            _ => (s, 10),
        };
        if (digits.Length == 0)
        {
            return false;
        }
        long result = 0;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiHexDigitLower(c) ? c - 'a' + 10
                : char.IsAsciiHexDigitUpper(c) ? c - 'A' + 10
                : int.MaxValue;
            if (digit >= radix)
            {
                return false;
            }
            result = result * radix + digit;
            if (result > (long)int.MaxValue + 1)
            {
                return false;
            }
        }
        result = negative ? -result : result;
        if (result is < int.MinValue or > int.MaxValue)
        {
            return false;
        }
        value = (int)result;
        return true;
    }

    private static string Shorten(string value)
    {
        var oneLine = value.ReplaceLineEndings("\\n");
        return oneLine.Length <= 40 ? oneLine : string.Create(CultureInfo.InvariantCulture, $"{oneLine[..40]}…");
    }
}
