namespace Harness.Ignition;

/// <summary>Translates Butane's <c>storage</c> section: files, directories and links.</summary>
internal static class ButaneStorage
{
    public static IgnitionConfig Translate(ButaneDocument.StorageSection storage, ButaneSource source, IgnitionConfig config) =>
        config with
        {
            Files = [.. (storage.Files ?? []).Select(f => ReadFile(f, source))],
            Directories = [.. (storage.Directories ?? []).Select(d => ReadDirectory(d, source))],
            Links = [.. (storage.Links ?? []).Select(l => ReadLink(l, source))],
        };

    private static IgnitionFile ReadFile(ButaneDocument.File file, ButaneSource source) =>
        new(file.Required(source, file.FilePath, "path").Value)
        {
            Overwrite = file.Overwrite?.Value,
            User = ReadOwner(file.User, source),
            Group = ReadOwner(file.Group, source),
            Mode = file.Mode?.Value,
            Contents = file.Contents is { } contents ? ReadResource(contents, source) : null,
            Append = [.. (file.Append ?? []).Select(r => ReadResource(r, source))],
        };

    private static IgnitionDirectory ReadDirectory(ButaneDocument.Directory directory, ButaneSource source) =>
        new(directory.Required(source, directory.DirectoryPath, "path").Value)
        {
            Overwrite = directory.Overwrite?.Value,
            User = ReadOwner(directory.User, source),
            Group = ReadOwner(directory.Group, source),
            Mode = directory.Mode?.Value,
        };

    private static IgnitionLink ReadLink(ButaneDocument.Link link, ButaneSource source) =>
        new(link.Required(source, link.LinkPath, "path").Value, link.Required(source, link.Target, "target").Value)
        {
            Overwrite = link.Overwrite?.Value,
            User = ReadOwner(link.User, source),
            Group = ReadOwner(link.Group, source),
            Hard = link.Hard?.Value,
        };

    private static IgnitionOwner? ReadOwner(ButaneDocument.Owner? owner, ButaneSource source)
    {
        if (owner is null)
        {
            return null;
        }
        owner.AtMostOne(source, ("id", owner.Id), ("name", owner.Name));
        return owner.Id is null && owner.Name is null
            ? null
            : new IgnitionOwner { Id = owner.Id?.Value, Name = owner.Name?.Value };
    }

    /// <summary>
    /// A resource: <c>source</c> is copied; <c>inline</c> and <c>local</c> become <c>data:</c> URLs in the shortest
    /// encoding, gzip included unless <c>compression</c> is given (then the bytes are taken as already compressed,
    /// as Butane does).
    /// </summary>
    private static IgnitionResource ReadResource(ButaneDocument.Resource node, ButaneSource source)
    {
        node.AtMostOne(source, ("source", node.Source), ("inline", node.Inline), ("local", node.Local));
        var compression = node.Compression?.Value;
        if (compression is not (null or "" or "gzip"))
        {
            throw node.Compression!.Fail(source, $"expected \"gzip\" or nothing, got {node.Compression.Quoted}");
        }
        compression = compression is "" ? null : compression;
        var hash = node.Verification?.Hash?.Value;

        IgnitionResource resource;
        if (node.Source is { } url)
        {
            resource = new IgnitionResource(url.Value) { Compression = compression };
        }
        else
        {
            var bytes = node.Inline is { } inline
                ? System.Text.Encoding.UTF8.GetBytes(inline.Value)
                : node.Local is { } local
                    ? source.ReadLocal(local)
                    : throw node.Fail(source, "expected one of source, inline or local");
            resource = compression is null
                ? IgnitionResource.FromBytes(bytes)
                : IgnitionResource.FromBytes(bytes, allowCompression: false) with { Compression = compression };
        }
        return resource with { Verification = hash };
    }
}
