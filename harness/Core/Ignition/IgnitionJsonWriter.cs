using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Ignition;

/// <summary>Renders an <see cref="IgnitionConfig"/> as spec 3.3.0 JSON in a fixed property order.</summary>
internal static class IgnitionJsonWriter
{
    public static string Write(IgnitionConfig config, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartObject("ignition");
            json.WriteString("version", IgnitionConfig.SpecVersion);
            json.WriteEndObject();
            WritePasswd(json, config);
            WriteStorage(json, config);
            WriteSystemd(json, config);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePasswd(Utf8JsonWriter json, IgnitionConfig config)
    {
        if (config.Users.Count == 0 && config.PasswdGroups.Count == 0)
        {
            return;
        }
        json.WriteStartObject("passwd");
        WriteArray(json, "users", config.Users, WriteUser);
        WriteArray(json, "groups", config.PasswdGroups, WriteGroup);
        json.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter json, IgnitionUser user)
    {
        json.WriteStartObject();
        json.WriteString("name", user.Name);
        WriteOptional(json, "uid", user.Uid);
        WriteOptional(json, "passwordHash", user.PasswordHash);
        WriteStrings(json, "sshAuthorizedKeys", user.SshAuthorizedKeys);
        WriteOptional(json, "primaryGroup", user.PrimaryGroup);
        WriteStrings(json, "groups", user.Groups);
        WriteOptional(json, "homeDir", user.HomeDir);
        WriteOptional(json, "shell", user.Shell);
        WriteOptional(json, "gecos", user.Gecos);
        WriteOptional(json, "noCreateHome", user.NoCreateHome);
        WriteOptional(json, "system", user.System);
        json.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter json, IgnitionGroup group)
    {
        json.WriteStartObject();
        json.WriteString("name", group.Name);
        WriteOptional(json, "gid", group.Gid);
        WriteOptional(json, "passwordHash", group.PasswordHash);
        WriteOptional(json, "system", group.System);
        json.WriteEndObject();
    }

    private static void WriteStorage(Utf8JsonWriter json, IgnitionConfig config)
    {
        if (config.Directories.Count == 0 && config.Files.Count == 0 && config.Links.Count == 0)
        {
            return;
        }
        json.WriteStartObject("storage");
        WriteArray(json, "directories", config.Directories, WriteDirectory);
        WriteArray(json, "files", config.Files, WriteFile);
        WriteArray(json, "links", config.Links, WriteLink);
        json.WriteEndObject();
    }

    private static void WriteDirectory(Utf8JsonWriter json, IgnitionDirectory directory)
    {
        json.WriteStartObject();
        WriteNode(json, directory.Path, directory.Overwrite, directory.User, directory.Group);
        WriteOptional(json, "mode", directory.Mode);
        json.WriteEndObject();
    }

    private static void WriteFile(Utf8JsonWriter json, IgnitionFile file)
    {
        json.WriteStartObject();
        WriteNode(json, file.Path, file.Overwrite, file.User, file.Group);
        WriteOptional(json, "mode", file.Mode);
        if (file.Contents is not null)
        {
            json.WritePropertyName("contents");
            WriteResource(json, file.Contents);
        }
        WriteArray(json, "append", file.Append, WriteResource);
        json.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter json, IgnitionLink link)
    {
        json.WriteStartObject();
        WriteNode(json, link.Path, link.Overwrite, link.User, link.Group);
        json.WriteString("target", link.Target);
        WriteOptional(json, "hard", link.Hard);
        json.WriteEndObject();
    }

    private static void WriteNode(
        Utf8JsonWriter json, string path, bool? overwrite, IgnitionOwner? user, IgnitionOwner? group)
    {
        json.WriteString("path", path);
        WriteOptional(json, "overwrite", overwrite);
        WriteOwner(json, "user", user);
        WriteOwner(json, "group", group);
    }

    private static void WriteOwner(Utf8JsonWriter json, string name, IgnitionOwner? owner)
    {
        if (owner is null)
        {
            return;
        }
        json.WriteStartObject(name);
        WriteOptional(json, "id", owner.Id);
        WriteOptional(json, "name", owner.Name);
        json.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter json, IgnitionResource resource)
    {
        json.WriteStartObject();
        WriteOptional(json, "compression", resource.Compression);
        json.WriteString("source", resource.Source);
        if (resource.Verification is not null)
        {
            json.WriteStartObject("verification");
            json.WriteString("hash", resource.Verification);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteSystemd(Utf8JsonWriter json, IgnitionConfig config)
    {
        if (config.Units.Count == 0)
        {
            return;
        }
        json.WriteStartObject("systemd");
        WriteArray(json, "units", config.Units, WriteUnit);
        json.WriteEndObject();
    }

    private static void WriteUnit(Utf8JsonWriter json, IgnitionUnit unit)
    {
        json.WriteStartObject();
        json.WriteString("name", unit.Name);
        WriteOptional(json, "enabled", unit.Enabled);
        WriteOptional(json, "mask", unit.Mask);
        WriteOptional(json, "contents", unit.Contents);
        WriteArray(json, "dropins", unit.Dropins, (j, dropin) =>
        {
            j.WriteStartObject();
            j.WriteString("name", dropin.Name);
            WriteOptional(j, "contents", dropin.Contents);
            j.WriteEndObject();
        });
        json.WriteEndObject();
    }

    private static void WriteArray<T>(
        Utf8JsonWriter json, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        if (items.Count == 0)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            writeItem(json, item);
        }
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> items) =>
        WriteArray(json, name, items, (j, s) => j.WriteStringValue(s));

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(name, v);
        }
    }
}
