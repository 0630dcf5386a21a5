namespace Harness.Catalog;

/// <summary>
/// A kola test-name glob. kola matches names with Go's <c>filepath.Match</c>: <c>*</c> is any run of characters
/// except <c>/</c>, <c>?</c> one such character, <c>[a-z]</c>/<c>[^0-9]</c> a character class, <c>\</c> escapes.
/// Test names contain no <c>/</c>, so <c>*</c> crosses dots: <c>cl.*</c> matches <c>cl.ignition.files</c> and
/// <c>*.files</c> does too. Matching is whole-name and case-sensitive.
/// </summary>
public sealed class KolaGlob
{
    private readonly Token[] _tokens;

    private KolaGlob(string pattern, Token[] tokens)
    {
        Pattern = pattern;
        _tokens = tokens;
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>True when the pattern has no wildcard, i.e. it names exactly one test.</summary>
    public bool IsLiteral => _tokens.All(t => t.Kind == TokenKind.Literal);

    /// <summary>
    /// The first dotted segment of the pattern when it is literal (<c>cl</c> for <c>cl.ignition.*</c>), or null when
    /// that segment contains a wildcard (<c>*.files</c>).
    /// </summary>
    public string? LiteralFamily
    {
        get
        {
            var family = new System.Text.StringBuilder();
            foreach (var token in _tokens)
            {
                if (token.Kind != TokenKind.Literal)
                {
                    return null;
                }

                if (token.Char == '.')
                {
                    return family.ToString();
                }

                family.Append(token.Char);
            }

            return family.ToString();
        }
    }

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="FormatException">The pattern is malformed (unclosed <c>[</c>, trailing <c>\</c>, empty class, empty pattern).</exception>
    public static KolaGlob Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return TryParse(pattern, out var glob, out var error) ? glob : throw new FormatException(error);
    }

    /// <summary>Parses a pattern; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KolaGlob? glob, out string error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        glob = null;
        error = string.Empty;
        if (pattern.Length == 0)
        {
            error = "empty pattern";
            return false;
        }

        var list = new List<Token>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    list.Add(new Token(TokenKind.Star));
                    i++;
                    break;
                case '?':
                    list.Add(new Token(TokenKind.Any));
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        error = "trailing '\\' escapes nothing";
                        return false;
                    }

                    list.Add(new Token(TokenKind.Literal, pattern[i + 1]));
                    i += 2;
                    break;
                case '[':
                    if (!TryParseClass(pattern, ref i, out var cls, out error))
                    {
                        return false;
                    }

                    list.Add(cls);
                    break;
                default:
                    list.Add(new Token(TokenKind.Literal, c));
                    i++;
                    break;
            }
        }

        glob = new KolaGlob(pattern, [.. list]);
        return true;
    }

    /// <summary>True when <paramref name="name"/> matches the whole pattern.</summary>
    public bool IsMatch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // memo[t, n]: 0 = unknown, 1 = match, 2 = no match. Names and patterns are short.
        var memo = new byte[_tokens.Length + 1, name.Length + 1];
        return Match(0, 0, name, memo);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private bool Match(int t, int n, string name, byte[,] memo)
    {
        if (memo[t, n] != 0)
        {
            return memo[t, n] == 1;
        }

        bool result;
        if (t == _tokens.Length)
        {
            result = n == name.Length;
        }
        else
        {
            var token = _tokens[t];
            if (token.Kind == TokenKind.Star)
            {
                result = Match(t + 1, n, name, memo)
                    || (n < name.Length && name[n] != '/' && Match(t, n + 1, name, memo));
            }
            else
            {
                result = n < name.Length && token.Accepts(name[n]) && Match(t + 1, n + 1, name, memo);
            }
        }

        memo[t, n] = result ? (byte)1 : (byte)2;
        return result;
    }

    private static bool TryParseClass(string pattern, ref int i, out Token token, out string error)
    {
        token = default;
        error = string.Empty;
        var start = i;
        i++; // '['
        var negated = false;
        if (i < pattern.Length && pattern[i] == '^')
        {
            negated = true;
            i++;
        }

        var ranges = new List<(char Lo, char Hi)>();
        while (true)
        {
            if (i >= pattern.Length)
            {
                error = $"unclosed '[' at position {start + 1}";
                return false;
            }

            if (pattern[i] == ']')
            {
                if (ranges.Count == 0)
                {
                    error = $"empty character class at position {start + 1}";
                    return false;
                }

                i++;
                break;
            }

            if (!TryReadClassChar(pattern, ref i, out var lo, out error))
            {
                return false;
            }

            var hi = lo;
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                if (!TryReadClassChar(pattern, ref i, out hi, out error))
                {
                    return false;
                }

                if (hi < lo)
                {
                    error = $"reversed range '{lo}-{hi}' at position {start + 1}";
                    return false;
                }
            }

            ranges.Add((lo, hi));
        }

        token = new Token(TokenKind.Class, '\0', [.. ranges], negated);
        return true;
    }

    private static bool TryReadClassChar(string pattern, ref int i, out char c, out string error)
    {
        c = '\0';
        error = string.Empty;
        if (i >= pattern.Length)
        {
            error = "unclosed '['";
            return false;
        }

        c = pattern[i];
        if (c == '\\')
        {
            if (i + 1 >= pattern.Length)
            {
                error = "trailing '\\' escapes nothing";
                return false;
            }

            c = pattern[i + 1];
            i += 2;
            return true;
        }

        if (c is '-' or ']')
        {
            error = $"unexpected '{c}' in character class at position {i + 1}";
            return false;
        }

        i++;
        return true;
    }

    private enum TokenKind
    {
        Literal,
        Any,
        Star,
        Class,
    }

    private readonly record struct Token(TokenKind Kind, char Char = '\0', (char Lo, char Hi)[]? Ranges = null, bool Negated = false)
    {
        public bool Accepts(char c) => Kind switch
        {
            TokenKind.Literal => c == Char,
            TokenKind.Any => c != '/',
            TokenKind.Class => c != '/' && Ranges!.Any(r => c >= r.Lo && c <= r.Hi) != Negated,
            _ => false,
        };
    }
}
