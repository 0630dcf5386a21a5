using System.Text.RegularExpressions;
using Harness.ConsoleChecks;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Ssh;

namespace Harness.Tests.Machines;

public sealed partial class MachineTemplateTests : IDisposable
{
    private readonly MachineFixture _f = new();

    public MachineTemplateTests()
    {
        _f.Platform.Capabilities |= PlatformCapabilities.Snapshots;
    }

    public void Dispose() => _f.Dispose();

    private Task<MachineTemplate> CreateAsync(MachineSpec? spec = null) =>
        _f.DriveAsync(Machine.CreateTemplateAsync(_f.Platform, spec ?? MachineSpec.Default, _f.Context));

    private Task<Machine> RestoreAsync(MachineTemplate template, string name = "m2") =>
        _f.DriveAsync(Machine.RestoreAsync(_f.Platform, template, _f.Context with { Name = name, ArtifactDir = Path.Combine(_f.Root, name) }));

    [Fact]
    public async Task A_template_boots_settles_ends_its_SSH_session_then_is_saved_and_destroyed()
    {
        var template = await CreateAsync(MachineSpec.Default.WithIgnition(i => i.WithFile("/etc/hello", "hi\n")));

        var booted = _f.Backend;
        Assert.Equal((1, 1), (booted.Saves, booted.Disposed));
        var settle = _f.Ssh.Commands.IndexOf("systemctl is-system-running --wait");
        Assert.True(settle >= 0, "the first boot was not settled before the save: " + string.Join(" | ", _f.Ssh.Commands));
        Assert.True(_f.Ssh.Closes >= 1, "the template's SSH connection was still open when it was saved");
        Assert.Equal("boot-1", template.BootId);
        Assert.Equal(_f.Context.ArtifactDir, template.ArtifactDir);
        Assert.Equal(MachineTemplate.KeyFor(template.Spec, _f.Platform, _f.Context.ClientKey, []), template.Key);

        // The config passed holds the host private keys; the reported one does not, and the pinned key is the injected one.
        Assert.Equal(_f.Platform.Launches[0].IgnitionJson, template.IgnitionJson);
        var passed = IgnitionConfig.Parse(template.IgnitionJson);
        Assert.Contains("PRIVATE KEY", Text(passed, "/etc/ssh/ssh_host_ed25519_key"), StringComparison.Ordinal);
        Assert.Equal(Machine.RedactedHostKey, Text(IgnitionConfig.Parse(template.ReportedIgnitionJson), "/etc/ssh/ssh_host_ed25519_key"));
        Assert.Equal(template.HostKeys.Pinned.PublicKey + "\n", Text(passed, "/etc/ssh/ssh_host_ed25519_key.pub"));
    }

    [Fact]
    public async Task A_restored_machine_pins_the_templates_host_key_resumes_its_boot_and_gets_the_hosts_clock_in_one_command()
    {
        var template = await CreateAsync();
        _f.Ssh.Commands.Clear();
        var probedBefore = _f.Ssh.ProbedConnects;

        await using var vm = await RestoreAsync(template);

        var restored = Assert.Single(_f.Platform.Restores);
        Assert.Equal(template.Snapshot, restored);
        var launch = _f.Platform.Launches[^1];
        Assert.Equal(("m2", template.IgnitionJson, template.Spec.Options), (launch.Name, launch.IgnitionJson, launch.Options));
        Assert.Equal(template.HostKeys.Pinned.PublicKey, _f.SshSettings[^1].HostPublicKey);
        // sshd runs already: one connection without banner probes, one command that sets the clock and reads the boot id.
        Assert.Equal(probedBefore, _f.Ssh.ProbedConnects);
        var date = Assert.Single(_f.Ssh.Commands);
        Assert.EndsWith(" >/dev/null && " + ScriptedSsh.BootIdCommand, date, StringComparison.Ordinal);
        Assert.Equal("boot-1", await vm.BootIdAsync());

        var seconds = double.Parse(DateCommand().Match(date).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var host = _f.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(seconds, host - 5, host);

        Assert.Equal(template.ReportedIgnitionJson, await File.ReadAllTextAsync(Path.Combine(vm.ArtifactDir, "ignition.json")));
        var note = await File.ReadAllTextAsync(Path.Combine(vm.ArtifactDir, MachineTemplate.RestoredFromFile));
        Assert.Contains(template.ArtifactDir, note, StringComparison.Ordinal);
        Assert.Contains(template.Key, note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restored_machine_that_booted_afresh_is_refused_and_destroyed()
    {
        var template = await CreateAsync();
        _f.Ssh.BootId = "boot-2";

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => RestoreAsync(template));

        Assert.Contains("booted afresh", e.Message, StringComparison.Ordinal);
        Assert.Contains("boot-1", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _f.Backend.Disposed);
    }

    [Fact]
    public async Task A_template_whose_first_boot_matched_a_console_check_is_not_returned_and_the_finding_is_reported()
    {
        _f.Platform.OnCreate = b => b.Print("[    1.0] Oops: 0000 [#1] SMP");

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => CreateAsync());

        Assert.Contains("matched console checks on its first boot", e.Message, StringComparison.Ordinal);
        Assert.Contains(_f.Findings, f => f.CheckId == "oops");
        Assert.Equal(1, _f.Backend.Disposed);
    }

    [Fact]
    public async Task Without_the_snapshots_capability_no_template_is_made()
    {
        _f.Platform.Capabilities &= ~PlatformCapabilities.Snapshots;

        await Assert.ThrowsAsync<NotSupportedException>(() => CreateAsync());
        Assert.Empty(_f.Platform.Launches);
    }

    [Fact]
    public void The_key_ignores_the_machine_name_and_changes_with_the_config_size_client_key_and_allowed_console_checks()
    {
        var client = _f.Context.ClientKey;
        var spec = MachineSpec.Default;
        var key = MachineTemplate.KeyFor(spec, _f.Platform, client, []);

        Assert.Equal(key, MachineTemplate.KeyFor(spec.WithName("other"), _f.Platform, client, []));
        Assert.Equal(64, key.Length);
        string[] different =
        [
            MachineTemplate.KeyFor(spec.WithIgnition(i => i.WithFile("/etc/x", "y")), _f.Platform, client, []),
            MachineTemplate.KeyFor(spec.WithOptions(o => o with { MemoryMiB = 2048 }), _f.Platform, client, []),
            MachineTemplate.KeyFor(spec.WithOptions(o => o with { ExtraDisks = [new DiskSpec(16)] }), _f.Platform, client, []),
            MachineTemplate.KeyFor(spec, _f.Platform, client with { PublicKey = "ssh-ed25519 AAAAother run-r2" }, []),
            MachineTemplate.KeyFor(spec, _f.Platform, client, [new ConsoleCheckOptOut("oops", "expected")]),
        ];
        Assert.DoesNotContain(key, different);
        Assert.Equal(different.Length, different.Distinct().Count());
    }

    [Fact]
    public void Raw_configs_and_private_networks_are_always_booted()
    {
        var raw = MachineSpec.Default.WithRawIgnition("{}");
        var nic = MachineSpec.Default.WithPrivateNic(PrivateNetwork.Create(2).Nics[0]);

        Assert.False(MachineTemplate.Supports(raw));
        Assert.False(MachineTemplate.Supports(nic));
        Assert.True(MachineTemplate.Supports(MachineSpec.Default));
        Assert.Throws<ArgumentException>(() => MachineTemplate.KeyFor(raw, _f.Platform, _f.Context.ClientKey, []));
    }

    private static string Text(IgnitionConfig config, string path) =>
        System.Text.Encoding.UTF8.GetString(Assert.Single(config.Files, f => f.Path == path).Contents!.DecodeData()!);

    [GeneratedRegex(@"@(\d+\.\d{3}) ")]
    private static partial Regex DateCommand();
}
