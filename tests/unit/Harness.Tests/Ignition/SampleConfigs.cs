using Harness.Ignition;

namespace Harness.Tests.Ignition;

/// <summary>Typed configs shared by the golden, round-trip and validation tests.</summary>
internal static class SampleConfigs
{
    public const string CoreKey =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1d3ZbYh2S3CjE8hYZ0mXbQmE5C5kq2S9mB4n1yVQ1 harness@run";

    public const string HostKeyPath = "/etc/ssh/ssh_host_ed25519_key";

    public const string HostKey =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        + "-----END OPENSSH PRIVATE KEY-----\n";

    public const string HostPublicKey =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheCatalogValidationTestOnly00000 root@harness";

    /// <summary>Mode 0600 in the C# binary notation the harness uses.</summary>
    public const int OwnerOnly = 0b110_000_000;

    public static IReadOnlyDictionary<string, IgnitionConfig> All { get; } = new Dictionary<string, IgnitionConfig>
    {
        ["empty"] = IgnitionConfig.Empty,
        ["harness-injected"] = HarnessInjected(IgnitionConfig.Empty),
        ["everything"] = Everything(),
    };

    /// <summary>
    /// What the harness adds to every typed config (as <c>Machine.WithHarnessKeys</c> does, which adds the ECDSA and RSA
    /// host key pairs the same way): the run's client key for <c>core</c> and the pinned host key pair, root-owned and
    /// overwriting.
    /// </summary>
    public static IgnitionConfig HarnessInjected(IgnitionConfig config) => config
        .WithSshKey("core", CoreKey)
        .WithFile(new IgnitionFile(HostKeyPath)
        {
            Mode = OwnerOnly,
            User = IgnitionOwner.FromId(0),
            Group = IgnitionOwner.FromId(0),
            Overwrite = true,
            Contents = IgnitionResource.FromText(HostKey),
        })
        .WithFile(new IgnitionFile(HostKeyPath + ".pub")
        {
            Mode = 0b110_100_100,
            User = IgnitionOwner.FromId(0),
            Group = IgnitionOwner.FromId(0),
            Overwrite = true,
            Contents = IgnitionResource.FromText(HostPublicKey + "\n"),
        });

    /// <summary>Every field the model holds, each set once.</summary>
    public static IgnitionConfig Everything() => IgnitionConfig.Empty
        .WithUser(new IgnitionUser("kola")
        {
            Uid = 1500,
            PasswordHash = "$6$salt$hash",
            SshAuthorizedKeys = ["ssh-ed25519 AAAAkey kola@test"],
            PrimaryGroup = "kolagroup",
            Groups = ["wheel", "docker"],
            HomeDir = "/home/kola-home",
            Shell = "/bin/bash",
            Gecos = "Kola User",
            NoCreateHome = false,
            System = false,
        })
        .WithPasswdGroup(new IgnitionGroup("kolagroup") { Gid = 1501, PasswordHash = "*", System = false })
        .WithDirectory(new IgnitionDirectory("/opt/kola")
        {
            Mode = 0b111_101_101,
            User = IgnitionOwner.FromName("kola"),
            Group = IgnitionOwner.FromId(1501),
            Overwrite = false,
        })
        .WithFile("/etc/hostname", "node-1\n")
        .WithFile(new IgnitionFile("/opt/kola/tool")
        {
            Mode = 0b111_101_101,
            Overwrite = true,
            User = IgnitionOwner.FromId(0),
            Group = IgnitionOwner.FromName("root"),
            Contents = IgnitionResource.FromText("#!/bin/sh\necho tool\n"),
            Append = [IgnitionResource.FromText("echo appended\n")],
        })
        .WithFile(new IgnitionFile("/var/lib/kola/big.txt")
        {
            Contents = IgnitionResource.FromText(string.Concat(Enumerable.Repeat("a compressible line\n", 40))),
        })
        .WithFile(new IgnitionFile("/opt/kola/remote.raw")
        {
            Contents = new IgnitionResource("http://10.0.2.2:8000/demo.raw")
            {
                Verification = "sha512-" + new string('0', 128),
            },
        })
        .WithLink(new IgnitionLink("/etc/kola-link", "/opt/kola/tool") { Hard = false, Overwrite = true })
        .WithLink(new IgnitionLink("/opt/kola/hard", "/opt/kola/tool")
        {
            Hard = true,
            User = IgnitionOwner.FromName("kola"),
            Group = IgnitionOwner.FromName("kolagroup"),
        })
        .WithUnit(new IgnitionUnit("hello.service")
        {
            Enabled = true,
            Contents = "[Unit]\nDescription=hello\n[Service]\nType=oneshot\nExecStart=/usr/bin/echo hi\n"
                + "[Install]\nWantedBy=multi-user.target\n",
        })
        .WithUnit(new IgnitionUnit("locksmithd.service") { Mask = true })
        .WithUnit(new IgnitionUnit("containerd.service")
        {
            Enabled = false,
            Dropins = [new IgnitionDropin("10-env.conf", "[Service]\nEnvironment=X=1\n")],
        });
}
