namespace Harness.Ignition;

/// <summary>A symbolic or hard link to create (Ignition <c>storage.links[]</c>).</summary>
/// <param name="Path">The absolute path of the link.</param>
/// <param name="Target">What the link points to.</param>
public sealed record IgnitionLink(string Path, string Target)
{
    /// <summary>Whether this is a hard link; Ignition defaults to a symbolic link.</summary>
    public bool? Hard { get; init; }

    /// <summary>The owning user; Ignition defaults to root.</summary>
    public IgnitionOwner? User { get; init; }

    /// <summary>The owning group; Ignition defaults to root.</summary>
    public IgnitionOwner? Group { get; init; }

    /// <summary>Whether to delete a pre-existing node at the path; Ignition defaults to <c>false</c>.</summary>
    public bool? Overwrite { get; init; }
}
