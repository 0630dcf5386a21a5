namespace Harness.Releases;

/// <summary>One file of a release folder.</summary>
/// <param name="Role">What it is for.</param>
/// <param name="Name">The file name in the cache (and on the server when not compressed).</param>
/// <param name="Required">False when the folder may lack it (it is then left out, and said so).</param>
/// <param name="Compressed">The bzip2-compressed name fetched first when given (its signature covers the compressed bytes); the plain name when that is absent.</param>
public sealed record ReleaseFile(ReleaseFileRole Role, string Name, bool Required, string? Compressed = null);
