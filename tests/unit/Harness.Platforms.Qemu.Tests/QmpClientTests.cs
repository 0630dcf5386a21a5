using System.Text.Json.Nodes;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QmpClientTests : IDisposable
{
    private readonly TempDir _dir = new("hq-qmp");

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<string>? Qemu(JsonObject command) => command["execute"]!.GetValue<string>() switch
    {
        "qmp_capabilities" => FakeQmpServer.Return(command),
        "query-status" => FakeQmpServer.Return(command, "{\"status\": \"running\", \"singlestep\": false, \"running\": true}"),
        "system_reset" =>
        [
            "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESET\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}}",
            .. FakeQmpServer.Return(command),
        ],
        "quit" => [.. FakeQmpServer.Return(command), "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}"],
        "human-monitor-command" => ["{\"error\": {\"class\": \"GenericError\", \"desc\": \"no such thing\"}, \"id\": " + command["id"]!.ToJsonString() + "}"],
        _ => null,
    };

    [Fact]
    public async Task Handshake_then_status_reset_and_quit()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), Qemu);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        Assert.Equal("7.2.22", client.QemuVersion);
        Assert.Equal("running", await client.QueryStatusAsync(CancellationToken.None));
        await client.SystemResetAsync(CancellationToken.None);
        await client.QuitAsync(CancellationToken.None);

        Assert.Contains("RESET", client.Events);
        string[] sent;
        lock (server.Received)
        {
            sent = [.. server.Received.Select(l => JsonNode.Parse(l)!["execute"]!.GetValue<string>())];
        }

        Assert.Equal(["qmp_capabilities", "query-status", "system_reset", "quit"], sent);
    }

    [Fact]
    public async Task The_shutdown_reason_is_kept_and_Closed_completes_after_the_last_event()
    {
        static IReadOnlyList<string>? Resetting(JsonObject command) => command["execute"]!.GetValue<string>() switch
        {
            "qmp_capabilities" => FakeQmpServer.Return(command),
            // What QEMU with `-action reboot=shutdown` says on a reset, before it exits.
            "system_reset" =>
            [
                .. FakeQmpServer.Return(command),
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}}",
            ],
            _ => null,
        };

        await using var server = new FakeQmpServer(_dir.File("q.sock"), Resetting);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);
        Assert.Null(client.ShutdownReason);

        await client.SystemResetAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("query-status", null, CancellationToken.None));
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(e.ConnectionClosed);
        Assert.Equal("host-qmp-system-reset", client.ShutdownReason);
        Assert.Contains("SHUTDOWN", client.Events);
    }

    [Fact]
    public async Task An_error_answer_becomes_a_QmpException_with_the_description()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), Qemu);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var e = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("human-monitor-command", new JsonObject { ["command-line"] = "x" }, CancellationToken.None));

        Assert.Equal("QMP human-monitor-command failed: GenericError: no such thing", e.Message);
        Assert.False(e.ConnectionClosed);
    }

    [Fact]
    public async Task A_closed_connection_fails_the_pending_command_but_quit_tolerates_it()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), c => c["execute"]!.GetValue<string>() == "qmp_capabilities" ? FakeQmpServer.Return(c) : null);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var e = await Assert.ThrowsAsync<QmpException>(() => client.QueryStatusAsync(CancellationToken.None));
        Assert.True(e.ConnectionClosed);

        await client.QuitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task No_answer_times_out_with_the_command_name()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), c => c["execute"]!.GetValue<string>() == "qmp_capabilities" ? FakeQmpServer.Return(c) : []);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);

        var e = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("query-status", null, CancellationToken.None, TimeSpan.FromMilliseconds(200)));

        Assert.Equal("QMP query-status: no answer from QEMU within 0.2s", e.Message);
    }

    [Fact]
    public async Task Cancellation_is_not_a_timeout()
    {
        await using var server = new FakeQmpServer(_dir.File("q.sock"), c => c["execute"]!.GetValue<string>() == "qmp_capabilities" ? FakeQmpServer.Return(c) : []);
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.QueryStatusAsync(cts.Token));
    }

    [Fact]
    public async Task A_peer_that_does_not_greet_with_QMP_is_refused()
    {
        var path = _dir.File("not-qmp.sock");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var serve = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await peer.SendAsync("{\"hello\": 1}\r\n"u8.ToArray());
            await Task.Delay(500);
        });

        var e = await Assert.ThrowsAsync<QmpException>(() => QmpClient.ConnectAsync(path, CancellationToken.None));

        Assert.StartsWith("QMP: expected a greeting", e.Message, StringComparison.Ordinal);
        await serve;
    }
}
