using YamlDotNet.Serialization;

namespace Harness.Ignition;

/// <summary>
/// A Butane config (<c>variant: flatcar</c>, <c>version: 1.0.0</c>) as YamlDotNet deserializes it: one class a
/// Butane object, keys by their Butane names in the order Butane's docs list them, scalars with their position.
/// A <see cref="ButaneDocument.Unsupported"/> key is valid Butane the harness leaves out: an error when set.
/// </summary>
internal sealed class ButaneDocument : ButaneNode
{
    [YamlMember(Alias = "variant")] public ButaneValue<string>? Variant { get; set; }
    [YamlMember(Alias = "version")] public ButaneValue<string>? Version { get; set; }
    [YamlMember(Alias = "passwd")] public PasswdSection? Passwd { get; set; }
    [YamlMember(Alias = "storage")] public StorageSection? Storage { get; set; }
    [YamlMember(Alias = "systemd")] public SystemdSection? Systemd { get; set; }
    [YamlMember(Alias = "ignition")] public Unsupported? Ignition { get; set; }
    [YamlMember(Alias = "kernel_arguments")] public Unsupported? KernelArguments { get; set; }

    /// <summary>Valid Butane outside the harness's subset; its node deserializer fails when the key is set.</summary>
    internal sealed class Unsupported;

    internal sealed class PasswdSection : ButaneNode
    {
        [YamlMember(Alias = "users")] public List<User>? Users { get; set; }
        [YamlMember(Alias = "groups")] public List<Group>? Groups { get; set; }
    }

    internal sealed class User : ButaneNode
    {
        [YamlMember(Alias = "name")] public ButaneValue<string>? Name { get; set; }
        [YamlMember(Alias = "password_hash")] public ButaneValue<string>? PasswordHash { get; set; }
        [YamlMember(Alias = "ssh_authorized_keys")] public List<ButaneValue<string>>? SshAuthorizedKeys { get; set; }
        [YamlMember(Alias = "uid")] public ButaneValue<int>? Uid { get; set; }
        [YamlMember(Alias = "gecos")] public ButaneValue<string>? Gecos { get; set; }
        [YamlMember(Alias = "home_dir")] public ButaneValue<string>? HomeDir { get; set; }
        [YamlMember(Alias = "no_create_home")] public ButaneValue<bool>? NoCreateHome { get; set; }
        [YamlMember(Alias = "primary_group")] public ButaneValue<string>? PrimaryGroup { get; set; }
        [YamlMember(Alias = "groups")] public List<ButaneValue<string>>? Groups { get; set; }
        [YamlMember(Alias = "shell")] public ButaneValue<string>? Shell { get; set; }
        [YamlMember(Alias = "system")] public ButaneValue<bool>? System { get; set; }
        [YamlMember(Alias = "no_user_group")] public Unsupported? NoUserGroup { get; set; }
        [YamlMember(Alias = "no_log_init")] public Unsupported? NoLogInit { get; set; }
        [YamlMember(Alias = "should_exist")] public Unsupported? ShouldExist { get; set; }
    }

    internal sealed class Group : ButaneNode
    {
        [YamlMember(Alias = "name")] public ButaneValue<string>? Name { get; set; }
        [YamlMember(Alias = "gid")] public ButaneValue<int>? Gid { get; set; }
        [YamlMember(Alias = "password_hash")] public ButaneValue<string>? PasswordHash { get; set; }
        [YamlMember(Alias = "system")] public ButaneValue<bool>? System { get; set; }
        [YamlMember(Alias = "should_exist")] public Unsupported? ShouldExist { get; set; }
    }

    internal sealed class StorageSection : ButaneNode
    {
        [YamlMember(Alias = "files")] public List<File>? Files { get; set; }
        [YamlMember(Alias = "directories")] public List<Directory>? Directories { get; set; }
        [YamlMember(Alias = "links")] public List<Link>? Links { get; set; }
        [YamlMember(Alias = "disks")] public Unsupported? Disks { get; set; }
        [YamlMember(Alias = "raid")] public Unsupported? Raid { get; set; }
        [YamlMember(Alias = "filesystems")] public Unsupported? Filesystems { get; set; }
        [YamlMember(Alias = "luks")] public Unsupported? Luks { get; set; }
        [YamlMember(Alias = "trees")] public Unsupported? Trees { get; set; }
    }

    internal sealed class File : ButaneNode
    {
        [YamlMember(Alias = "path")] public ButaneValue<string>? FilePath { get; set; }
        [YamlMember(Alias = "overwrite")] public ButaneValue<bool>? Overwrite { get; set; }
        [YamlMember(Alias = "user")] public Owner? User { get; set; }
        [YamlMember(Alias = "group")] public Owner? Group { get; set; }
        [YamlMember(Alias = "mode")] public ButaneValue<int>? Mode { get; set; }
        [YamlMember(Alias = "contents")] public Resource? Contents { get; set; }
        [YamlMember(Alias = "append")] public List<Resource>? Append { get; set; }
    }

    internal sealed class Directory : ButaneNode
    {
        [YamlMember(Alias = "path")] public ButaneValue<string>? DirectoryPath { get; set; }
        [YamlMember(Alias = "overwrite")] public ButaneValue<bool>? Overwrite { get; set; }
        [YamlMember(Alias = "user")] public Owner? User { get; set; }
        [YamlMember(Alias = "group")] public Owner? Group { get; set; }
        [YamlMember(Alias = "mode")] public ButaneValue<int>? Mode { get; set; }
    }

    internal sealed class Link : ButaneNode
    {
        [YamlMember(Alias = "path")] public ButaneValue<string>? LinkPath { get; set; }
        [YamlMember(Alias = "overwrite")] public ButaneValue<bool>? Overwrite { get; set; }
        [YamlMember(Alias = "user")] public Owner? User { get; set; }
        [YamlMember(Alias = "group")] public Owner? Group { get; set; }
        [YamlMember(Alias = "target")] public ButaneValue<string>? Target { get; set; }
        [YamlMember(Alias = "hard")] public ButaneValue<bool>? Hard { get; set; }
    }

    internal sealed class Owner : ButaneNode
    {
        [YamlMember(Alias = "id")] public ButaneValue<int>? Id { get; set; }
        [YamlMember(Alias = "name")] public ButaneValue<string>? Name { get; set; }
    }

    internal sealed class Resource : ButaneNode
    {
        [YamlMember(Alias = "source")] public ButaneValue<string>? Source { get; set; }
        [YamlMember(Alias = "inline")] public ButaneValue<string>? Inline { get; set; }
        [YamlMember(Alias = "local")] public ButaneValue<string>? Local { get; set; }
        [YamlMember(Alias = "compression")] public ButaneValue<string>? Compression { get; set; }
        [YamlMember(Alias = "verification")] public Verification? Verification { get; set; }
        [YamlMember(Alias = "http_headers")] public Unsupported? HttpHeaders { get; set; }
    }

    internal sealed class Verification : ButaneNode
    {
        [YamlMember(Alias = "hash")] public ButaneValue<string>? Hash { get; set; }
    }

    internal sealed class SystemdSection : ButaneNode
    {
        [YamlMember(Alias = "units")] public List<Unit>? Units { get; set; }
    }

    internal sealed class Unit : ButaneNode
    {
        [YamlMember(Alias = "name")] public ButaneValue<string>? Name { get; set; }
        [YamlMember(Alias = "enabled")] public ButaneValue<bool>? Enabled { get; set; }
        [YamlMember(Alias = "mask")] public ButaneValue<bool>? Mask { get; set; }
        [YamlMember(Alias = "contents")] public ButaneValue<string>? Contents { get; set; }
        [YamlMember(Alias = "contents_local")] public ButaneValue<string>? ContentsLocal { get; set; }
        [YamlMember(Alias = "dropins")] public List<Dropin>? Dropins { get; set; }
    }

    internal sealed class Dropin : ButaneNode
    {
        [YamlMember(Alias = "name")] public ButaneValue<string>? Name { get; set; }
        [YamlMember(Alias = "contents")] public ButaneValue<string>? Contents { get; set; }
        [YamlMember(Alias = "contents_local")] public ButaneValue<string>? ContentsLocal { get; set; }
    }
}
