namespace Harness.Platforms.Azure;

/// <summary>A resource group as listed: its name and tags.</summary>
public sealed record ResourceGroupInfo(string Name, IReadOnlyDictionary<string, string> Tags);
