namespace Harness.Catalog;

/// <summary>One <c>[OsTest]</c> of a built catalog assembly, as <c>harness list</c> shows it.</summary>
/// <param name="Name">Kola-style name.</param>
/// <param name="Method">Declaring type and method (<c>Basic.Boots_and_logs_in</c>).</param>
/// <param name="Architectures">Supported architectures; empty = all.</param>
/// <param name="Requires">Required capabilities (<c>None</c> when none).</param>
/// <param name="MinVersion">Minimum image version, or null.</param>
/// <param name="TimeoutSeconds">Own time limit in seconds, or null for the default.</param>
/// <param name="Skip">Static skip reason, or null.</param>
public sealed record CatalogEntry(string Name, string Method, IReadOnlyList<string> Architectures, string Requires, string? MinVersion, int? TimeoutSeconds, string? Skip);
