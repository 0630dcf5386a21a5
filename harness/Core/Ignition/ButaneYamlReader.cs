using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Harness.Ignition;

/// <summary>
/// Deserializes Butane YAML into a <see cref="ButaneDocument"/> with YamlDotNet, the way go-yaml reads Butane
/// (plain scalars only for integers and booleans, <c>0644</c> octal, YAML null as unset), and turns every problem
/// into a <see cref="ButaneException"/> with the line, column and field path.
/// </summary>
internal static class ButaneYamlReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>The document in <paramref name="yaml"/>, or <c>null</c> when it is empty or YAML null.</summary>
    public static ButaneDocument? Read(string yaml, ButaneSource source)
    {
        CheckSyntax(yaml, source);
        var parser = new ButaneParser(new Parser(new StringReader(yaml)));
        var deserializer = new DeserializerBuilder()
            .WithTypeInspector(inner => new KnownKeys(inner, parser, source))
            .WithNodeDeserializer(new Values(parser, source), s => s.OnTop())
            .WithObjectFactory(type =>
            {
                var created = Activator.CreateInstance(type)!;
                if (created is ButaneNode node)
                {
                    (node.Start, node.Path) = parser.LastMapping;
                }
                return created;
            })
            .Build();
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }
            var document = deserializer.Deserialize<ButaneDocument?>(parser);
            if (parser.TryConsume<DocumentStart>(out _))
            {
                throw source.Error(parser.Current!.Start, "", "expected one YAML document, found several");
            }
            return document;
        }
        catch (YamlException e)
        {
            var innermost = Innermost<YamlException>(e) ?? e;
            throw Innermost<ButaneException>(e)
                ?? source.Error(innermost.Start, "", $"invalid YAML: {Describe(innermost)}", e);
        }
    }

    /// <summary>The scalar <paramref name="yaml"/> as messages quote it: <c>"rw"</c>, one line, at most 40 characters.</summary>
    private static string Quote(string yaml)
    {
        var oneLine = yaml.ReplaceLineEndings("\\n");
        return oneLine.Length <= 40 ? $"\"{oneLine}\"" : string.Create(CultureInfo.InvariantCulture, $"\"{oneLine[..40]}…\"");
    }

    private static string Describe(ParsingEvent? e) => e switch
    {
        MappingStart => "a mapping",
        SequenceStart => "a list",
        Scalar scalar => Quote(scalar.Value),
        _ => "an alias",
    };

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            found = current as T ?? found;
        }
        return found;
    }

    /// <summary>
    /// Runs the YAML parser alone first, because it locates syntax errors better than the deserializer: some
    /// malformed input makes YamlDotNet throw <see cref="InvalidOperationException"/> without a position (we report
    /// the end of the last good event), and tab indentation is reported at 1:1 (we find the tab).
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

    /// <summary>
    /// Rejects a key the Butane class does not declare, at the key, listing the keys it does declare (those of
    /// <see cref="ButaneDocument.Unsupported"/> type left out).
    /// </summary>
    private sealed class KnownKeys(ITypeInspector inner, ButaneParser parser, ButaneSource source) : ITypeInspector
    {
        public string GetEnumName(Type enumType, string name) => inner.GetEnumName(enumType, name);

        public string GetEnumValue(object enumValue) => inner.GetEnumValue(enumValue);

        public bool HasParseMethod(Type type) => inner.HasParseMethod(type);

        public object? Parse(string value, Type expectedType) => inner.Parse(value, expectedType);

        public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) =>
            inner.GetProperties(type, container);

        public IPropertyDescriptor GetProperty(
            Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitivePropertyMatching)
        {
            var properties = inner.GetProperties(type, container).ToList();
            return properties.Find(p => p.Name == name)
                ?? throw source.Error(
                    parser.KeyStart,
                    parser.Path,
                    $"unknown key (expected one of: {string.Join(", ", properties.Where(p => p.Type != typeof(ButaneDocument.Unsupported)).Select(p => p.Name))})");
        }
    }

    /// <summary>
    /// Reads scalars into <see cref="ButaneValue{T}"/> with go-yaml's rules, rejects a set
    /// <see cref="ButaneDocument.Unsupported"/> key, and checks that lists and objects are given as YAML lists and
    /// mappings. YAML null is left to YamlDotNet's null deserializer (the key is unset), except as a list item.
    /// </summary>
    private sealed class Values(ButaneParser parser, ButaneSource source) : INodeDeserializer
    {
        public bool Deserialize(
            IParser reader,
            Type expectedType,
            Func<IParser, Type, object?> nestedObjectDeserializer,
            out object? value,
            ObjectDeserializer rootDeserializer)
        {
            value = null;
            var current = reader.Current;
            var path = parser.Path;
            if (current is Scalar { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" } empty
                && !(empty.Tag.IsGlobal && empty.Tag.Value == StringTag))
            {
                return parser.IsListItem
                    ? throw source.Error(empty.Start, path, $"expected {What(expectedType)}, got null")
                    : false;
            }
            if (expectedType == typeof(ButaneDocument.Unsupported))
            {
                throw source.Error(
                    parser.KeyStart,
                    path,
                    "not supported by this translator (valid Butane, but the harness's Butane subset leaves it out)");
            }
            if (expectedType == typeof(ButaneValue<string>))
            {
                var scalar = ReadScalar(reader, "a string");
                value = new ButaneValue<string>(scalar.Value, scalar.Start, path, Quote(scalar.Value));
                return true;
            }
            if (expectedType == typeof(ButaneValue<int>))
            {
                var scalar = ReadScalar(reader, "an integer");
                value = IsPlain(scalar) && TryParseInt(scalar.Value, out var number)
                    ? new ButaneValue<int>(number, scalar.Start, path, Quote(scalar.Value))
                    : throw Expected(scalar, path, "an integer");
                return true;
            }
            if (expectedType == typeof(ButaneValue<bool>))
            {
                var scalar = ReadScalar(reader, "true or false");
                value = (IsPlain(scalar) ? scalar.Value : null) switch
                {
                    "true" or "True" or "TRUE" => new ButaneValue<bool>(true, scalar.Start, path, Quote(scalar.Value)),
                    "false" or "False" or "FALSE" => new ButaneValue<bool>(false, scalar.Start, path, Quote(scalar.Value)),
                    _ => throw Expected(scalar, path, "true or false"),
                };
                return true;
            }
            if (expectedType.IsGenericType && expectedType.GetGenericTypeDefinition() == typeof(List<>)
                && current is not SequenceStart)
            {
                throw Expected(current, path, "a list");
            }
            if (typeof(ButaneNode).IsAssignableFrom(expectedType) && current is not MappingStart)
            {
                throw Expected(current, path, "a mapping");
            }
            return false;
        }

        private static string What(Type expectedType) =>
            expectedType == typeof(ButaneValue<int>) ? "an integer"
            : expectedType == typeof(ButaneValue<bool>) ? "true or false"
            : expectedType == typeof(ButaneValue<string>) ? "a string"
            : "a mapping";

        private Scalar ReadScalar(IParser reader, string what)
        {
            var current = reader.Current;
            if (current is not Scalar scalar)
            {
                throw Expected(current, parser.Path, what);
            }
            reader.MoveNext();
            return scalar;
        }

        private ButaneException Expected(ParsingEvent? found, string path, string what) =>
            source.Error(found?.Start ?? Mark.Empty, path, $"expected {what}, got {Describe(found)}");

        private static bool IsPlain(Scalar scalar) =>
            scalar.Style == ScalarStyle.Plain && !(scalar.Tag.IsGlobal && scalar.Tag.Value == StringTag);
    }

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
}
