using Harness.Cli;

namespace Harness.Tests.Cli;

/// <summary>
/// Bad input, exhaustively: every setting and every option of every command, each given one wrong value (unknown,
/// wrong type, out of range, a missing file, a file of the wrong kind or architecture, invalid Butane/Ignition, a
/// broken denylist or settings file, an unknown glob). Each must end the command with exit 2 and exactly one line
/// naming what and where — before anything runs: no QEMU or qemu-img started, no run folder made.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliBadInputTests : IDisposable
{
    // Command lines that are valid under CliSandbox.ValidSettings, which the rows below break one thing of.
    // (--project takes every word after it, so the rows put it last.)
    private const string List = "list --no-build --project @/catalog";
    private const string Spawn = "spawn --no-shell";
    private const string Run = "run --project @/catalog";
    private const string BenchBoot = "bench boot --baseline-script @/baseline.sh";

    private readonly CliSandbox _sandbox = new();

    public static TheoryData<string, string, string> Cases => new()
    {
        // Every setting, wrong (through the commands that read it; `list` boots nothing but checks them all).
        { List, "HARNESS_PLATFORM=Qemu!", "HARNESS_PLATFORM='Qemu!': expected a platform name" },
        { List, "HARNESS_PLATFORM=vmware", "platform 'vmware' (HARNESS_PLATFORM) is unknown: use one of qemu, azure" },
        { List, "HARNESS_ARCH=sparc", "HARNESS_ARCH='sparc': expected amd64 or arm64" },
        { List, "HARNESS_CHANNEL=nightly", "HARNESS_CHANNEL='nightly': expected one of developer" },
        { List, "HARNESS_IMAGE=@/missing.qcow2", "HARNESS_IMAGE='@/missing.qcow2': file not found" },
        { Spawn, "HARNESS_IMAGE=@/not-a-disk.img", "image @/not-a-disk.img (HARNESS_IMAGE) is not a disk image" },
        { Spawn, "HARNESS_IMAGE=@/a-folder", "HARNESS_IMAGE='@/a-folder': file not found" },
        { Spawn, "HARNESS_IMAGE=@/arm64/disk.qcow2", "an arm64 image (its manifest.json says so), but HARNESS_ARCH is amd64" },
        { List, "HARNESS_IMAGE_VERSION=latest", "HARNESS_IMAGE_VERSION='latest': expected a dotted version" },
        { List, "HARNESS_FIRMWARE_CODE=@/missing.fd", "HARNESS_FIRMWARE_CODE='@/missing.fd': file not found" },
        { List, "HARNESS_FIRMWARE_VARS=@/missing.fd", "HARNESS_FIRMWARE_VARS='@/missing.fd': file not found" },
        { List, "HARNESS_QEMU=@/bin/missing-qemu", "HARNESS_QEMU='@/bin/missing-qemu': file not found" },
        { Spawn, "HARNESS_QEMU=no-such-qemu-binary", "qemu binary no-such-qemu-binary (HARNESS_QEMU) was not found on PATH" },
        { List, "HARNESS_ACCEL=xen", "HARNESS_ACCEL='xen': expected kvm, tcg or probe" },
        { List, "HARNESS_PARALLEL=x", "HARNESS_PARALLEL='x': expected a positive integer or 'auto'" },
        { List, "HARNESS_PARALLEL=0", "HARNESS_PARALLEL='0': expected a positive integer or 'auto'" },
        { List, "HARNESS_OUTPUT=@/a-file", "HARNESS_OUTPUT='@/a-file': @/a-file is a file, not a folder" },
        { List, "HARNESS_TESTS=cl.[", "HARNESS_TESTS='cl.[': pattern 'cl.[' is not a valid kola glob" },
        { List, "HARNESS_TEST_TIMEOUT=forever", "HARNESS_TEST_TIMEOUT='forever': expected a duration" },
        { List, "HARNESS_TEST_TIMEOUT=0", "HARNESS_TEST_TIMEOUT='0': expected a duration" },
        { List, "HARNESS_KEEP_MACHINES=maybe", "HARNESS_KEEP_MACHINES='maybe': expected 1/0, true/false" },
        { List, "HARNESS_RESTORE=sometimes", "HARNESS_RESTORE='sometimes': expected 1/0, true/false" },
        { List, "HARNESS_UPDATE_PAYLOAD=@/missing.payload", "HARNESS_UPDATE_PAYLOAD='@/missing.payload': file not found" },
        { List, "HARNESS_UPDATE_PAYLOAD=@/update/update.payload", "has no manifest.json beside it to read its version from; set HARNESS_UPDATE_VERSION" },
        { List, "HARNESS_UPDATE_VERSION=next", "HARNESS_UPDATE_VERSION='next': expected a dotted version" },
        { List, "HARNESS_RERUNS=21", "HARNESS_RERUNS='21': expected a number of reruns from 0 to 20" },
        { List, "HARNESS_RERUNS=-1", "HARNESS_RERUNS='-1': expected a number of reruns from 0 to 20" },
        { List, "HARNESS_DENYLIST=@/missing.yaml", "HARNESS_DENYLIST='@/missing.yaml': file not found" },
        { List, "HARNESS_DENYLIST=@/broken-denylist.yaml", "@/broken-denylist.yaml:2: not valid YAML" },
        { List, "HARNESS_DENYLIST=@/bad-snooze-denylist.yaml", "snooze 'next week' is not a date: expected YYYY-MM-DD" },
        { List, "HARNESS_SETTINGS=@/missing.json", "HARNESS_SETTINGS='@/missing.json': file not found" },
        { List, "HARNESS_SETTINGS=@/broken-settings.json", "HARNESS_SETTINGS='@/broken-settings.json': not valid JSON" },
        { List, "HARNESS_SETTINGS=@/unknown-key-settings.json", "unknown setting 'HARNESS_PARALEL'" },
        { List, "HARNESS_SETTINGS=@/bad-value-settings.json", "HARNESS_RERUNS='99' (in @/bad-value-settings.json): expected a number of reruns" },
        { Spawn, "HARNESS_PLATFORM=azure", "HARNESS_AZURE_SUBSCRIPTION is not set" },
        { Spawn, "HARNESS_PLATFORM=azure HARNESS_AZURE_SUBSCRIPTION=00000000-0000-0000-0000-000000000001 HARNESS_AZURE_TTL=soon", "HARNESS_AZURE_TTL" },
        { Spawn, "HARNESS_PLATFORM=azure HARNESS_AZURE_SUBSCRIPTION=me", "HARNESS_AZURE_SUBSCRIPTION" },

        // Every command and option.
        { "nosuch", "", "unknown command or option 'nosuch' for `harness`: `harness --help` lists them" },
        { "", "", "`harness` needs a command: `harness --help` lists them" },
        { "bench", "", "`harness bench` needs a command: `harness bench --help` lists them" },
        { "list --bogus --no-build --project @/catalog", "", "unknown command or option '--bogus' for `harness list`" },
        { "list --arch sparc --no-build --project @/catalog", "", "--arch 'sparc' is not an architecture: give amd64 or arm64" },
        { "list cl.[ --no-build --project @/catalog", "", "pattern 'cl.[' is not a valid kola glob" },
        { "list --check no.such.test --no-build --project @/catalog", "", "pattern 'no.such.test' matches no test in @/catalog" },
        { "list --no-build --project @/a-folder", "", "--project '@/a-folder': no such folder with a .csproj" },
        { "list --no-build --project @/missing", "", "--project '@/missing': no such folder with a .csproj" },
        { "run cl.[ --project @/catalog", "", "pattern 'cl.[' is not a valid kola glob" },
        { Run + " --reruns 21", "", "--reruns '21' is not valid: give a whole number from 0 to 20" },
        { Run + " --reruns many", "", "--reruns 'many' is not valid: give a whole number from 0 to 20" },
        { Run + " --denylist @/missing.yaml", "", "--denylist '@/missing.yaml': file not found" },
        { Run + " --denylist @/broken-denylist.yaml", "", "--denylist '@/broken-denylist.yaml': not a valid denylist" },
        { Run + " --report @/a-file", "", "--report '@/a-file': that is a file, not a folder" },
        { Run, "HARNESS_IMAGE=@/not-a-disk.img", "is not a disk image" },
        { Spawn + " --butane @/missing.bu", "", "--butane '@/missing.bu': file not found (@/missing.bu): give the path of a Butane file" },
        { Spawn + " --butane @/a-folder", "", "--butane '@/a-folder' is a folder: give the path of a Butane file" },
        { Spawn + " --butane @/broken.bu", "", "--butane '@/broken.bu': not a valid Butane file: @/broken.bu:4:" },
        { Spawn + " --butane @/fcos.bu", "", "not a valid Butane file: @/fcos.bu:1:" },
        { Spawn + " --ignition @/missing.ign", "", "--ignition '@/missing.ign': file not found" },
        { Spawn + " --ignition @/broken.ign", "", "--ignition '@/broken.ign': not a valid Ignition config" },
        { Spawn + " --ignition @/old.ign", "", "--ignition '@/old.ign': not a valid Ignition config" },
        { Spawn + " --butane @/fcos.bu --ignition @/old.ign", "", "give --butane or --ignition, not both" },
        { Spawn + " --memory lots", "", "--memory 'lots' is not valid: give a whole number from 256" },
        { Spawn + " --memory 100", "", "--memory '100' is not valid: give a whole number from 256" },
        { Spawn + " --cpus 0", "", "--cpus '0' is not valid: give a whole number from 1 to 64" },
        { Spawn + " --cpus 2.5", "", "--cpus '2.5' is not valid: give a whole number from 1 to 64" },
        { Spawn + " --name ../escape", "", "--name '../escape' is not a machine name" },
        { Spawn + " --keep=perhaps", "", "perhaps" },
        { "report @/missing-results", "", "@/missing-results: no such file or folder" },
        { "report @/a-folder --output @/a-file", "", "--output '@/a-file': that is a file, not a folder" },
        { "report @/a-folder --post-pr flatcar/scripts", "", "--post-pr 'flatcar/scripts': expected OWNER/REPO#NUMBER" },
        { "report @/a-folder --post-pr flatcar/scripts#1", "", "--post-pr flatcar/scripts#1 needs a token in GITHUB_TOKEN" },
        { "report @/a-folder --github-api not-an-address", "", "--github-api 'not-an-address' is not an http(s) address" },
        { "report @/a-folder", "GITHUB_API_URL=ftp://example.org", "GITHUB_API_URL 'ftp://example.org' is not an http(s) address" },
        { "gc --older-than soon", "", "--older-than 'soon' is not valid: expected a duration" },
        { "gc --older-than 0", "", "--older-than '0' is not valid" },
        { "gc --platform vmware", "", "--platform 'vmware' is not a platform: give one of qemu, azure" },
        { "gc", "HARNESS_SETTINGS=@/broken-settings.json", "not valid JSON" },
        { BenchBoot + " --runs 0", "", "--runs '0' is not valid: give a whole number from 1 to 1000" },
        { BenchBoot + " --round-trips x", "", "--round-trips 'x' is not valid" },
        { "bench boot --baseline-script @/missing.sh", "", "--baseline-script '@/missing.sh': file not found" },
        { BenchBoot, "HARNESS_ARCH=arm64", "HARNESS_ARCH is arm64" },
        { "bench ssh --copies -1", "", "--copies '-1' is not valid: give a whole number from 1 to 1000" },
        { "bench ssh --round-trips 0", "", "--round-trips '0' is not valid" },
        { "bench restore --runs none", "", "--runs 'none' is not valid" },
        { "bench restore", "HARNESS_FIRMWARE_CODE=@/a-folder", "HARNESS_FIRMWARE_CODE='@/a-folder': file not found" },
        { "fetch --channel stable --arch sparc", "", "--arch 'sparc' is not an architecture: give amd64 or arm64" },
        { "fetch --channel stable --key @/missing.asc", "", "--key '@/missing.asc': file not found" },
        { "fetch --channel stable --base-url not-an-address", "", "--base-url 'not-an-address' is not an http(s) address" },
        { "fetch --channel stable", "HARNESS_RELEASE_BASE_URL=ftp://example.org", "HARNESS_RELEASE_BASE_URL 'ftp://example.org' is not an http(s) address" },
    };

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void The_sandbox_settings_are_valid_so_each_row_fails_for_its_own_reason()
    {
        var saved = _sandbox.ValidSettings.Keys.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in CliSandbox.Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            foreach (var (name, value) in _sandbox.ValidSettings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Assert.Empty(CliInput.SettingsProblems(CliInput.SettingsUse.Boot));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_exits_2_with_one_line_before_anything_runs(string commandLine, string settings, string expected)
    {
        var outcome = await RunAsync(commandLine, settings);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.StartsWith("harness: ", line, StringComparison.Ordinal);
        Assert.Contains(_sandbox.Expand(expected), line, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stdout);
        Assert.False(File.Exists(_sandbox.StartedMarker), "qemu or qemu-img was started");
        Assert.False(Directory.Exists(_sandbox.OutputRoot), "a run folder was made");
    }

    private async Task<CliOutcome> RunAsync(string commandLine, string settings)
    {
        var environment = new Dictionary<string, string>(_sandbox.ValidSettings, StringComparer.Ordinal);
        foreach (var pair in settings.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            environment[name] = _sandbox.Expand(value);
        }

        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(_sandbox.Expand).ToArray();
        return await InProcessCli.RunAsync(args, environment, CliSandbox.Variables);
    }
}
