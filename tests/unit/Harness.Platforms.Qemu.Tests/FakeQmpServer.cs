using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Harness.Platforms.Qemu.Tests;

/// <summary>
/// A scripted QMP server on a unix socket: sends the greeting, then answers each command through
/// <see cref="Respond"/> (which returns the lines to send), and records what it received.
/// </summary>
internal sealed class FakeQmpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Task _serve;
    private readonly CancellationTokenSource _stop = new();

    public FakeQmpServer(string socketPath, Func<JsonObject, IReadOnlyList<string>?> respond)
    {
        SocketPath = socketPath;
        Respond = respond;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(1);
        _serve = Task.Run(ServeAsync);
    }

    public string SocketPath { get; }

    /// <summary>Lines to send for a command; null closes the connection without answering.</summary>
    public Func<JsonObject, IReadOnlyList<string>?> Respond { get; }

    public List<string> Received { get; } = [];

    public static IReadOnlyList<string> Return(JsonObject command, string value = "{}") =>
        [$"{{\"return\": {value}, \"id\": {command["id"]!.ToJsonString()}}}"];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _serve;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptAsync(_stop.Token);
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await SendAsync(stream, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            lock (Received)
            {
                Received.Add(line);
            }

            var command = (JsonObject)JsonNode.Parse(line)!;
            var answer = Respond(command);
            if (answer is null)
            {
                client.Shutdown(SocketShutdown.Both);
                return;
            }

            foreach (var reply in answer)
            {
                await SendAsync(stream, reply);
            }
        }
    }

    private async Task SendAsync(NetworkStream stream, string line)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), _stop.Token);
    }
}
