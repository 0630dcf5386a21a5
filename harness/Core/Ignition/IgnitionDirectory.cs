namespace Harness.Ignition;

/// <summary>A directory to create (Ignition <c>storage.directories[]</c>).</summary>
/// <param name="Path">The absolute path of the directory.</param>
public sealed record IgnitionDirectory(string Path)
{
    /// <summary>The permission bits as a decimal number (0755 is 493); Ignition defaults to 0755.</summary>
    public int? Mode { get; init; }

    /// <summary>The owning user; Ignition defaults to root.</summary>
    public IgnitionOwner? User { get; init; }

    /// <summary>The owning group; Ignition defaults to root.</summary>
    public IgnitionOwner? Group { get; init; }

    /// <summary>Whether to delete a pre-existing node at the path; Ignition defaults to <c>false</c>.</summary>
    public bool? Overwrite { get; init; }
}
