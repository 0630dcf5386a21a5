using System.Text;
using Harness.Settings;

namespace Harness.Tests.Cli;

/// <summary>
/// A folder holding everything a valid command line needs (a qcow2-headed image with its manifest, firmware files, a
/// fake qemu and qemu-img that leave a marker when run, a catalog project, a baseline script) and the broken inputs
/// the bad-input table names. In arguments and setting values, <c>@</c> stands for this folder.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class CliSandbox : IDisposable
{
    public CliSandbox()
    {
        Root = Directory.CreateTempSubdirectory("harness-cli-").FullName;
        Write("image/disk.qcow2", "QFI\u00fb" + new string('\0', 1020), Encoding.Latin1);
        Write("image/manifest.json", """{ "version": "1.0.0", "arch": "amd64" }""");
        Write("arm64/disk.qcow2", "QFI\u00fb" + new string('\0', 1020), Encoding.Latin1);
        Write("arm64/manifest.json", """{ "version": "1.0.0", "arch": "arm64" }""");
        Write("firmware/code.fd", "code");
        Write("firmware/vars.fd", "vars");
        Executable("bin/qemu-system-x86_64", $"#!/bin/sh\ntouch '{StartedMarker}'\n");
        Executable("bin/qemu-img", $"#!/bin/sh\ntouch '{StartedMarker}'\n");
        Executable("baseline.sh", "#!/bin/sh\nexit 0\n");

        // A catalog project whose build output is this test assembly's folder (it holds Tests.Kubeadm.dll).
        Write("catalog/Tests.Kubeadm.csproj", "<Project />");
        Directory.CreateDirectory(Path.Combine(Root, "catalog", "bin", "Release"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "catalog", "bin", "Release", "net10.0"), AppContext.BaseDirectory.TrimEnd('/'));

        Write("not-a-disk.img", "this is a text file, not a disk image\n");
        Write("broken.bu", "variant: flatcar\nversion: 1.0.0\nsystemd:\n  unitz:\n    - name: a.service\n");
        Write("fcos.bu", "variant: fcos\nversion: 1.5.0\n");
        Write("broken.ign", "{ \"ignition\": { \"version\": \"3.3.0\" }, ");
        Write("old.ign", """{ "ignition": { "version": "2.2.0" } }""");
        Write("broken-denylist.yaml", "- pattern: [\n");
        Write("bad-snooze-denylist.yaml", "- pattern: cl.basic\n  snooze: next week\n");
        Write("broken-settings.json", "{ \"HARNESS_PARALLEL\": ");
        Write("unknown-key-settings.json", """{ "HARNESS_PARALEL": 2 }""");
        Write("bad-value-settings.json", """{ "HARNESS_RERUNS": 99 }""");
        Write("update/update.payload", "payload");
        Write("a-file", "not a folder");
        Directory.CreateDirectory(Path.Combine(Root, "a-folder"));
    }

    public string Root { get; }

    /// <summary>Created by the fake qemu or qemu-img when anything runs them.</summary>
    public string StartedMarker => Path.Combine(Root, "qemu-started");

    /// <summary>HARNESS_OUTPUT: a run folder would appear here.</summary>
    public string OutputRoot => Path.Combine(Root, "runs");

    /// <summary>Settings under which every command's input is valid; each table row changes one thing.</summary>
    public IReadOnlyDictionary<string, string> ValidSettings => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HARNESS_PLATFORM"] = "qemu",
        ["HARNESS_ARCH"] = "amd64",
        ["HARNESS_IMAGE"] = Path.Combine(Root, "image", "disk.qcow2"),
        ["HARNESS_FIRMWARE_CODE"] = Path.Combine(Root, "firmware", "code.fd"),
        ["HARNESS_FIRMWARE_VARS"] = Path.Combine(Root, "firmware", "vars.fd"),
        ["HARNESS_QEMU"] = Path.Combine(Root, "bin", "qemu-system-x86_64"),
        ["HARNESS_OUTPUT"] = OutputRoot,
        ["PATH"] = Path.Combine(Root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
    };

    /// <summary>Every variable a command line may read, cleared before each run so the host's own settings play no part.</summary>
    public static IEnumerable<string> Variables =>
        [.. HarnessSettingsLoader.Variables, HarnessSettingsLoader.SettingsFileVariable, "GITHUB_TOKEN", "GITHUB_API_URL", "HARNESS_RELEASE_BASE_URL"];

    /// <summary><paramref name="text"/> with every <c>@</c> replaced by <see cref="Root"/>.</summary>
    public string Expand(string text) => text.Replace("@", Root, StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write(string relative, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
    }

    private void Executable(string relative, string script)
    {
        Write(relative, script);
        File.SetUnixFileMode(Path.Combine(Root, relative), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
