namespace Harness.Settings;

/// <summary>A raw setting and where it came from.</summary>
internal sealed record RawValue(string Name, string Value, string? File, string BaseDirectory)
{
    public string Describe() => File is null ? $"{Name}='{Value}'" : $"{Name}='{Value}' (in {File})";
}
