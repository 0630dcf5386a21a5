namespace Harness.Ignition;

/// <summary>Translates Butane's <c>storage</c> section: files, directories and links.</summary>
internal static class ButaneStorage
{
    private static readonly string[] StorageKeys = ["files", "directories", "links"];
    private static readonly string[] StorageUnsupported = ["disks", "raid", "filesystems", "luks", "trees"];
    private static readonly string[] FileKeys = ["path", "overwrite", "user", "group", "mode", "contents", "append"];
    private static readonly string[] DirectoryKeys = ["path", "overwrite", "user", "group", "mode"];
    private static readonly string[] LinkKeys = ["path", "overwrite", "user", "group", "target", "hard"];
    private static readonly string[] OwnerKeys = ["id", "name"];
    private static readonly string[] ResourceKeys = ["source", "inline", "local", "compression", "verification"];
    private static readonly string[] ResourceUnsupported = ["http_headers"];
    private static readonly string[] VerificationKeys = ["hash"];

    public static IgnitionConfig Translate(ButaneNode storage, IgnitionConfig config)
    {
        var map = storage.Map().Expect(StorageKeys, StorageUnsupported);
        return config with
        {
            Files = map.Optional("files")?.List(ReadFile) ?? [],
            Directories = map.Optional("directories")?.List(ReadDirectory) ?? [],
            Links = map.Optional("links")?.List(ReadLink) ?? [],
        };
    }

    private static IgnitionFile ReadFile(ButaneNode node)
    {
        var map = node.Map().Expect(FileKeys);
        return new IgnitionFile(map.Required("path").String())
        {
            Overwrite = map.Optional("overwrite")?.Bool(),
            User = ReadOwner(map.Optional("user")),
            Group = ReadOwner(map.Optional("group")),
            Mode = map.Optional("mode")?.Int(),
            Contents = map.Optional("contents") is { } contents ? ReadResource(contents) : null,
            Append = map.Optional("append")?.List(ReadResource) ?? [],
        };
    }

    private static IgnitionDirectory ReadDirectory(ButaneNode node)
    {
        var map = node.Map().Expect(DirectoryKeys);
        return new IgnitionDirectory(map.Required("path").String())
        {
            Overwrite = map.Optional("overwrite")?.Bool(),
            User = ReadOwner(map.Optional("user")),
            Group = ReadOwner(map.Optional("group")),
            Mode = map.Optional("mode")?.Int(),
        };
    }

    private static IgnitionLink ReadLink(ButaneNode node)
    {
        var map = node.Map().Expect(LinkKeys);
        return new IgnitionLink(map.Required("path").String(), map.Required("target").String())
        {
            Overwrite = map.Optional("overwrite")?.Bool(),
            User = ReadOwner(map.Optional("user")),
            Group = ReadOwner(map.Optional("group")),
            Hard = map.Optional("hard")?.Bool(),
        };
    }

    private static IgnitionOwner? ReadOwner(ButaneNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var map = node.Map().Expect(OwnerKeys);
        map.AtMostOne("id", "name");
        var owner = new IgnitionOwner { Id = map.Optional("id")?.Int(), Name = map.Optional("name")?.String() };
        return owner.Id is null && owner.Name is null ? null : owner;
    }

    /// <summary>
    /// A resource: <c>source</c> is copied; <c>inline</c> and <c>local</c> become <c>data:</c> URLs in the shortest
    /// encoding, gzip included unless <c>compression</c> is given (then the bytes are taken as already compressed,
    /// as Butane does).
    /// </summary>
    private static IgnitionResource ReadResource(ButaneNode node)
    {
        var map = node.Map().Expect(ResourceKeys, ResourceUnsupported);
        map.AtMostOne("source", "inline", "local");
        var compressionNode = map.Optional("compression");
        var compression = compressionNode?.String();
        if (compression is not (null or "" or "gzip"))
        {
            throw compressionNode!.Fail($"expected \"gzip\" or nothing, got {compressionNode.Describe()}");
        }
        compression = compression is "" ? null : compression;
        string? hash = null;
        if (map.Optional("verification") is { } verification)
        {
            hash = verification.Map().Expect(VerificationKeys).Optional("hash")?.String();
        }

        IgnitionResource resource;
        if (map.Optional("source") is { } source)
        {
            resource = new IgnitionResource(source.String()) { Compression = compression };
        }
        else
        {
            var bytes = map.Optional("inline") is { } inline
                ? System.Text.Encoding.UTF8.GetBytes(inline.String())
                : map.Optional("local") is { } local
                    ? local.Source.ReadLocal(local)
                    : throw node.Fail("expected one of source, inline or local");
            resource = compression is null
                ? IgnitionResource.FromBytes(bytes)
                : IgnitionResource.FromBytes(bytes, allowCompression: false) with { Compression = compression };
        }
        return resource with { Verification = hash };
    }
}
