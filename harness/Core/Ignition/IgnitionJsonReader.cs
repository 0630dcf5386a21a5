using System.Text.Json;

namespace Harness.Ignition;

/// <summary>
/// Reads spec 3.0.0–3.3.0 JSON into an <see cref="IgnitionConfig"/>, strictly: a field the model does not hold is
/// an error rather than silently dropped. JSON <c>null</c> counts as unset.
/// </summary>
internal static class IgnitionJsonReader
{
    private static readonly string[] AcceptedVersions = ["3.0.0", "3.1.0", "3.2.0", "3.3.0"];

    public static IgnitionConfig Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = Object(document.RootElement, "$");
            var ignition = root.Required("ignition");
            var version = ignition.Object().Required("version").String();
            if (!AcceptedVersions.Contains(version))
            {
                throw new FormatException(
                    $"ignition.version: expected one of {string.Join(", ", AcceptedVersions)}, got \"{version}\"");
            }
            var config = IgnitionConfig.Empty;
            if (root.Optional("passwd") is { } passwd)
            {
                var p = passwd.Object();
                config = config with
                {
                    Users = p.Optional("users")?.Array(ReadUser) ?? [],
                    PasswdGroups = p.Optional("groups")?.Array(ReadGroup) ?? [],
                };
                p.RejectUnknown();
            }
            if (root.Optional("storage") is { } storage)
            {
                var s = storage.Object();
                config = config with
                {
                    Directories = s.Optional("directories")?.Array(ReadDirectory) ?? [],
                    Files = s.Optional("files")?.Array(ReadFile) ?? [],
                    Links = s.Optional("links")?.Array(ReadLink) ?? [],
                };
                s.RejectUnknown();
            }
            if (root.Optional("systemd") is { } systemd)
            {
                var s = systemd.Object();
                config = config with { Units = s.Optional("units")?.Array(ReadUnit) ?? [] };
                s.RejectUnknown();
            }
            root.RejectUnknown();
            return config;
        }
    }

    private static IgnitionUser ReadUser(Value value)
    {
        var o = value.Object();
        var user = new IgnitionUser(o.Required("name").String())
        {
            Uid = o.Optional("uid")?.Int(),
            PasswordHash = o.Optional("passwordHash")?.String(),
            SshAuthorizedKeys = o.Optional("sshAuthorizedKeys")?.Array(v => v.String()) ?? [],
            PrimaryGroup = o.Optional("primaryGroup")?.String(),
            Groups = o.Optional("groups")?.Array(v => v.String()) ?? [],
            HomeDir = o.Optional("homeDir")?.String(),
            Shell = o.Optional("shell")?.String(),
            Gecos = o.Optional("gecos")?.String(),
            NoCreateHome = o.Optional("noCreateHome")?.Bool(),
            System = o.Optional("system")?.Bool(),
        };
        o.RejectUnknown();
        return user;
    }

    private static IgnitionGroup ReadGroup(Value value)
    {
        var o = value.Object();
        var group = new IgnitionGroup(o.Required("name").String())
        {
            Gid = o.Optional("gid")?.Int(),
            PasswordHash = o.Optional("passwordHash")?.String(),
            System = o.Optional("system")?.Bool(),
        };
        o.RejectUnknown();
        return group;
    }

    private static IgnitionDirectory ReadDirectory(Value value)
    {
        var o = value.Object();
        var directory = new IgnitionDirectory(o.Required("path").String())
        {
            Overwrite = o.Optional("overwrite")?.Bool(),
            User = ReadOwner(o.Optional("user")),
            Group = ReadOwner(o.Optional("group")),
            Mode = o.Optional("mode")?.Int(),
        };
        o.RejectUnknown();
        return directory;
    }

    private static IgnitionFile ReadFile(Value value)
    {
        var o = value.Object();
        var file = new IgnitionFile(o.Required("path").String())
        {
            Overwrite = o.Optional("overwrite")?.Bool(),
            User = ReadOwner(o.Optional("user")),
            Group = ReadOwner(o.Optional("group")),
            Mode = o.Optional("mode")?.Int(),
            Contents = o.Optional("contents") is { } contents ? ReadResource(contents) : null,
            Append = o.Optional("append")?.Array(ReadResource) ?? [],
        };
        o.RejectUnknown();
        return file;
    }

    private static IgnitionLink ReadLink(Value value)
    {
        var o = value.Object();
        var link = new IgnitionLink(o.Required("path").String(), o.Required("target").String())
        {
            Overwrite = o.Optional("overwrite")?.Bool(),
            User = ReadOwner(o.Optional("user")),
            Group = ReadOwner(o.Optional("group")),
            Hard = o.Optional("hard")?.Bool(),
        };
        o.RejectUnknown();
        return link;
    }

    private static IgnitionOwner? ReadOwner(Value? value)
    {
        if (value is null)
        {
            return null;
        }
        var o = value.Object();
        var owner = new IgnitionOwner { Id = o.Optional("id")?.Int(), Name = o.Optional("name")?.String() };
        o.RejectUnknown();
        return owner.Id is null && owner.Name is null ? null : owner;
    }

    private static IgnitionResource ReadResource(Value value)
    {
        var o = value.Object();
        var compression = o.Optional("compression")?.String();
        string? hash = null;
        if (o.Optional("verification") is { } verification)
        {
            var v = verification.Object();
            hash = v.Optional("hash")?.String();
            v.RejectUnknown();
        }
        var resource = new IgnitionResource(o.Required("source").String())
        {
            Compression = string.IsNullOrEmpty(compression) ? null : compression,
            Verification = hash,
        };
        o.RejectUnknown();
        return resource;
    }

    private static IgnitionUnit ReadUnit(Value value)
    {
        var o = value.Object();
        var unit = new IgnitionUnit(o.Required("name").String())
        {
            Enabled = o.Optional("enabled")?.Bool(),
            Mask = o.Optional("mask")?.Bool(),
            Contents = o.Optional("contents")?.String(),
            Dropins = o.Optional("dropins")?.Array(v =>
            {
                var d = v.Object();
                var dropin = new IgnitionDropin(d.Required("name").String(), d.Optional("contents")?.String());
                d.RejectUnknown();
                return dropin;
            }) ?? [],
        };
        o.RejectUnknown();
        return unit;
    }

    private static ObjectReader Object(JsonElement element, string path) => new Value(element, path).Object();

    /// <summary>A JSON value and its path, for messages such as <c>storage.files[1].mode: expected an integer</c>.</summary>
    private sealed record Value(JsonElement Element, string Path)
    {
        public ObjectReader Object() => Element.ValueKind == JsonValueKind.Object
            ? new ObjectReader(Element, Path)
            : throw Expected("an object");

        public string String() => Element.ValueKind == JsonValueKind.String
            ? Element.GetString()!
            : throw Expected("a string");

        public int Int() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var i)
            ? i
            : throw Expected("an integer");

        public bool Bool() => Element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? Element.GetBoolean()
            : throw Expected("a boolean");

        public IReadOnlyList<T> Array<T>(Func<Value, T> read)
        {
            if (Element.ValueKind != JsonValueKind.Array)
            {
                throw Expected("an array");
            }
            return [.. Element.EnumerateArray().Select((e, i) => read(new Value(e, $"{Path}[{i}]")))];
        }

        private FormatException Expected(string what) =>
            new($"{Path.TrimStart('$', '.')}: expected {what}, got {Element.ValueKind.ToString().ToLowerInvariant()}");
    }

    /// <summary>Reads an object's properties and remembers which ones were looked at.</summary>
    private sealed class ObjectReader(JsonElement element, string path)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Value Required(string name) =>
            Optional(name) ?? throw new FormatException($"{Child(name).TrimStart('$', '.')}: required field is missing");

        public Value? Optional(string name)
        {
            _seen.Add(name);
            return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? new Value(value, Child(name))
                : null;
        }

        public void RejectUnknown()
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!_seen.Contains(property.Name))
                {
                    throw new FormatException(
                        $"{Child(property.Name).TrimStart('$', '.')}: field not supported by Harness.Ignition");
                }
            }
        }

        private string Child(string name) => $"{path}.{name}";
    }
}
