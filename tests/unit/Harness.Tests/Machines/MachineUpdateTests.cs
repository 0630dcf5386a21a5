using System.Text;
using Harness.Failures;
using Harness.Ignition;
using Harness.Machines;
using Harness.Omaha;
using Harness.Tests.Omaha;
using Harness.Updates;

namespace Harness.Tests.Machines;

/// <summary>
/// <see cref="MachineUpdates.UpdateAsync(Machine, OmahaServer, TimeSpan?, CancellationToken)"/> against a real Omaha
/// server: the scripted guest's <c>update_engine_client -check_for_update</c> posts what update_engine would send.
/// </summary>
public sealed class MachineUpdateTests : IAsyncLifetime, IDisposable
{
    private const string CheckCommand = "update_engine_client -check_for_update";
    private const string StatusCommand = "update_engine_client -status | grep -qx CURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT";

    private readonly MachineFixture _f = new();
    private readonly HttpClient _http = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("machine-update-tests-").FullName;
    private OmahaServer _server = null!;

    public async Task InitializeAsync()
    {
        var payload = Path.Combine(_folder, "update.payload");
        await File.WriteAllBytesAsync(payload, new byte[4096]);
        _server = await OmahaServer.StartAsync(new OmahaServerOptions { Package = await OmahaPackage.FromFileAsync(payload, "1.0.1") });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _f.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_machine_is_locked_down_like_kola_does_unless_its_config_writes_update_conf()
    {
        await using var plain = await _f.StartAsync(MachineSpec.Default.WithName("m1"));
        await using var own = await _f.StartAsync(
            MachineSpec.Default.WithName("m2").WithIgnition(i => i.WithFile("/etc/flatcar/update.conf", "GROUP=beta\n")));

        var (first, second) = (IgnitionConfig.Parse(_f.Platform.Launches[0].IgnitionJson), IgnitionConfig.Parse(_f.Platform.Launches[1].IgnitionJson));
        var conf = Assert.Single(first.Files, f => f.Path == "/etc/flatcar/update.conf");
        Assert.Equal("SERVER=disabled\nREBOOT_STRATEGY=off\n", Text(conf));
        Assert.Equal((420, 0, 0, true), (conf.Mode, conf.User!.Id, conf.Group!.Id, conf.Overwrite));
        Assert.Equal("GROUP=beta\n", Text(Assert.Single(second.Files, f => f.Path == "/etc/flatcar/update.conf")));
    }

    [Fact]
    public void A_config_writing_kolas_update_conf_path_keeps_it_and_gets_no_second_one()
    {
        var config = IgnitionConfig.Empty.WithFile("/etc/coreos/update.conf", "SERVER=http://10.0.2.2:8080/v1/update/\n");

        var locked = UpdateLockDown.AddTo(config);

        Assert.Equal(config, locked);
    }

    [Fact]
    public async Task The_install_is_awaited_at_the_server_and_the_guest_is_asked_once()
    {
        ClientReports(Check("0.0.0.0"), Event(13, 1), Event(14, 1), Event(3, 1));
        _f.Ssh.On(StatusCommand, 0);
        var vm = await _f.StartAsync();

        await vm.UpdateAsync(_server);

        Assert.Equal(1, _f.Ssh.Count(CheckCommand));
        Assert.Equal(1, _f.Ssh.Count(StatusCommand)); // not polled during the install
    }

    [Fact]
    public async Task An_error_report_fails_at_once_with_its_code_even_after_an_earlier_successful_update()
    {
        Post(Event(3, 1)); // an earlier update's report, before this check: not this update's
        ClientReports(Check(), Event(13, 1), Event(3, 0, errorCode: 10));
        _f.Ssh.On(StatusCommand, 0);
        var vm = await _f.StartAsync();

        var failure = await Assert.ThrowsAsync<TestFailureException>(() => vm.UpdateAsync(_server));

        Assert.Contains("reported a failed update (event 3/0, errorcode 10: action code 10, flags 0x0)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, _f.Ssh.Count(StatusCommand));
    }

    [Fact]
    public async Task An_error_report_with_update_engines_flag_bits_names_the_action_code()
    {
        ClientReports(Check("0.0.0.0"), Event(13, 1), Event(3, 0, errorCode: 29 | OmahaEvent.TestOmahaUrlFlag));
        var vm = await _f.StartAsync();

        var failure = await Assert.ThrowsAsync<TestFailureException>(() => vm.UpdateAsync(_server));

        Assert.Contains("(event 3/0, errorcode 268435485: action code 29, flags 0x10000000)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rollback_report_a_check_carries_is_no_failure_of_this_update()
    {
        ClientReports(Check(rollback: true), Event(13, 1), Event(14, 1), Event(3, 1));
        _f.Ssh.On(StatusCommand, 0);
        var vm = await _f.StartAsync();

        await vm.UpdateAsync(_server);

        Assert.Equal([new OmahaEvent(3, 0, 44, null)], _server.CheckReports);
    }

    [Fact]
    public async Task A_check_answered_with_no_update_fails_at_once()
    {
        await _server.ReconfigureAsync(_server.Options with { Offer = OmahaOffer.Never });
        ClientReports(Check());
        var vm = await _f.StartAsync();

        var failure = await Assert.ThrowsAsync<TestFailureException>(() => vm.UpdateAsync(_server));

        Assert.Contains($"answered {vm.Name}'s update check with no update", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, _f.Ssh.Count(StatusCommand));
    }

    /// <summary>When the test runs <c>-check_for_update</c>, the client sends these requests, one after another.</summary>
    private void ClientReports(params string[] bodies) =>
        _f.Ssh.On(CheckCommand, (command, _) =>
        {
            foreach (var body in bodies)
            {
                Post(body);
            }

            return ScriptedSsh.Result(command, 0);
        });

    /// <summary>An update check as update_engine sends it: with its check report (3/2 previousversion, or 3/0 errorcode 44).</summary>
    private static string Check(string previous = "", bool rollback = false) =>
        "<ping active=\"1\"></ping><updatecheck></updatecheck>" +
        (rollback ? Event(3, 0, 44) : $"<event eventtype=\"3\" eventresult=\"2\" previousversion=\"{previous}\"></event>");

    private static string Text(IgnitionFile file) => Encoding.UTF8.GetString(file.Contents!.DecodeData()!);

    private static string Event(int type, int result, int? errorCode = null) =>
        $"<event eventtype=\"{type}\" eventresult=\"{result}\"{(errorCode is { } code ? $" errorcode=\"{code}\"" : "")}></event>";

    private void Post(string appBody)
    {
        var request = OmahaSamples.Read("events-only.xml").Replace(
            "<event eventtype=\"3\" eventresult=\"0\" errorcode=\"10\"></event>", appBody, StringComparison.Ordinal);
        using var content = new StringContent(request, Encoding.UTF8, "text/xml");
        using var response = _http.PostAsync(_server.UpdateUrl("127.0.0.1"), content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }
}
