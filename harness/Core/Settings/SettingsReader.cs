using System.Text.Json;

namespace Harness.Settings;

/// <summary>Reads raw values (environment first, then the file) and records errors in the shared list.</summary>
internal sealed class SettingsReader
{
    private readonly SettingsSources _sources;
    private readonly List<string> _errors;
    private readonly Dictionary<string, string> _fileValues = new(StringComparer.Ordinal);

    public SettingsReader(SettingsSources sources, List<string> errors)
    {
        _sources = sources;
        _errors = errors;
        var file = sources.Variables(HarnessSettingsLoader.SettingsFileVariable);
        if (!string.IsNullOrWhiteSpace(file))
        {
            LoadFile(Path.GetFullPath(file, sources.CurrentDirectory), file);
        }
    }

    public string? SettingsFile { get; private set; }

    public RawValue? Raw(string name)
    {
        var env = _sources.Variables(name);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return new RawValue(name, env.Trim(), null, _sources.CurrentDirectory);
        }

        return _fileValues.TryGetValue(name, out var fromFile) && !string.IsNullOrWhiteSpace(fromFile)
            ? new RawValue(name, fromFile.Trim(), SettingsFile, Path.GetDirectoryName(SettingsFile)!)
            : null;
    }

    public T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        if (Raw(name) is not { } raw)
        {
            return fallback;
        }

        try
        {
            return parse(raw.Value);
        }
        catch (InvalidValueException ex)
        {
            _errors.Add($"{raw.Describe()}: {ex.Message}");
            return fallback;
        }
    }

    public string? FullPath(string name) => Raw(name) is { } raw ? Path.GetFullPath(raw.Value, raw.BaseDirectory) : null;

    public string? ExistingFile(string name)
    {
        if (Raw(name) is not { } raw)
        {
            return null;
        }

        var full = Path.GetFullPath(raw.Value, raw.BaseDirectory);
        if (!File.Exists(full))
        {
            _errors.Add($"{raw.Describe()}: file not found" + (full != raw.Value ? $" ({full})" : string.Empty) + $": point {name} at an existing file or unset it");
            return null;
        }

        return full;
    }

    private void LoadFile(string path, string given)
    {
        if (!File.Exists(path))
        {
            _errors.Add($"{HarnessSettingsLoader.SettingsFileVariable}='{given}': file not found: point it at a JSON file of HARNESS_* keys or unset it");
            return;
        }

        SettingsFile = path;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                _errors.Add($"{HarnessSettingsLoader.SettingsFileVariable}='{given}': expected a JSON object of HARNESS_* keys");
                return;
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!HarnessSettingsLoader.Variables.Contains(property.Name))
                {
                    _errors.Add($"{HarnessSettingsLoader.SettingsFileVariable}='{given}': unknown setting '{property.Name}' (known: {string.Join(", ", HarnessSettingsLoader.Variables)})");
                    continue;
                }

                var text = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Array => string.Join(',', property.Value.EnumerateArray().Select(e => e.ToString())),
                    _ => null,
                };
                if (text is not null)
                {
                    _fileValues[property.Name] = text;
                }
            }
        }
        catch (JsonException ex)
        {
            _errors.Add($"{HarnessSettingsLoader.SettingsFileVariable}='{given}': not valid JSON ({ex.Message})");
        }
    }
}
