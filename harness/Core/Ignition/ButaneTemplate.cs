using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Ignition;

/// <summary>
/// Butane (or any text) asset files with <c>{{NAME}}</c> placeholders that a test fills in before translation, for
/// values known only at run time (a cluster's private addresses, a join token). Every placeholder must get a value
/// and every value must be used, so a typo fails before any VM starts.
/// </summary>
public static partial class ButaneTemplate
{
    /// <summary>
    /// <paramref name="template"/> with each <c>{{NAME}}</c> replaced by <paramref name="values"/>[NAME].
    /// </summary>
    /// <param name="template">The text.</param>
    /// <param name="values">Placeholder names (upper case, digits, <c>_</c>) and their values.</param>
    /// <param name="sourceName">Names the template in error messages (a file path).</param>
    /// <exception cref="ButaneException">A placeholder has no value, or a value has no placeholder.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> values, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var firstMissing = -1;
        var text = Placeholder().Replace(template, m =>
        {
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value))
            {
                used.Add(name);
                return value;
            }

            missing.Add(name);
            firstMissing = firstMissing < 0 ? m.Index : firstMissing;
            return m.Value;
        });
        if (missing.Count > 0)
        {
            var before = template[..firstMissing];
            var line = before.Count(c => c == '\n') + 1;
            var column = firstMissing - (before.LastIndexOf('\n') + 1) + 1;
            throw new ButaneException(
                sourceName, line, column, "", $"no value for placeholder(s) {string.Join(", ", missing.Select(n => "{{" + n + "}}"))}; pass them to the template");
        }

        var unused = values.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new ButaneException(
                sourceName, 1, 1, "", $"value(s) for {string.Join(", ", unused)} but no such placeholder in the template; fix the name or drop the value");
        }

        return text;
    }

    /// <summary>
    /// Reads the Butane template at <paramref name="path"/>, fills it in and translates it (<c>local</c> references are
    /// relative to the template's folder).
    /// </summary>
    /// <exception cref="ButaneException">A placeholder problem, or the rendered config is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IgnitionConfig TranslateFile(string path, IReadOnlyDictionary<string, string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var yaml = Render(File.ReadAllText(path, Encoding.UTF8), values, path);
        return ButaneTranslator.Translate(yaml, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    [GeneratedRegex(@"\{\{(?<name>[A-Z][A-Z0-9_]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
