using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Platforms.Qemu;

/// <summary>
/// A minimal async client for the QEMU Machine Protocol over a unix socket: JSON objects, one per line; command
/// answers are matched by <c>id</c>; asynchronous events are collected in <see cref="Events"/>.
/// </summary>
internal sealed class QmpClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _readLoop = Task.CompletedTask;
    private long _nextId;
    private volatile bool _closed;
    private volatile string? _shutdownReason;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Names of the asynchronous events received so far (e.g. <c>RESET</c>, <c>SHUTDOWN</c>), oldest first.</summary>
    public IReadOnlyCollection<string> Events => _events;

    /// <summary>
    /// The <c>reason</c> of the last <c>SHUTDOWN</c> event (<c>guest-shutdown</c>, <c>guest-reset</c>,
    /// <c>host-qmp-system-reset</c>, <c>host-qmp-quit</c>, …); null until QEMU announced one.
    /// </summary>
    public string? ShutdownReason => _shutdownReason;

    /// <summary>Completes (never faults) when the connection has closed and every event QEMU sent has been read.</summary>
    public Task Closed => _readLoop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The QEMU version from the greeting (e.g. <c>7.2.22</c>).</summary>
    public string QemuVersion { get; private set; } = "";

    /// <summary>Connects, reads the greeting and leaves capabilities negotiation mode (<c>qmp_capabilities</c>).</summary>
    /// <exception cref="SocketException">Nobody listens on <paramref name="socketPath"/>.</exception>
    /// <exception cref="QmpException">The peer did not speak QMP.</exception>
    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        QmpClient? client = null;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            client = new QmpClient(socket);
            await client.HandshakeAsync(cancellationToken);
            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> and returns its <c>return</c> value.</summary>
    /// <exception cref="QmpException">QEMU answered with an error, did not answer in time, or the connection broke.</exception>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        if (_closed)
        {
            throw new QmpException($"QMP {command}: the connection to QEMU is closed") { ConnectionClosed = true };
        }

        var id = "h" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            var message = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null)
            {
                message["arguments"] = arguments;
            }

            await SendAsync(message, cancellationToken);
            if (_closed)
            {
                answer.TrySetException(new QmpException($"QMP {command}: the connection to QEMU is closed") { ConnectionClosed = true });
            }

            var limit = timeout ?? DefaultCommandTimeout;
            JsonObject reply;
            try
            {
                reply = await answer.Task.WaitAsync(limit, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new QmpException($"QMP {command}: no answer from QEMU within {limit.TotalSeconds:0.#}s");
            }

            if (reply["error"] is JsonObject error)
            {
                throw new QmpException(
                    $"QMP {command} failed: {error["class"]?.GetValue<string>() ?? "Error"}: {error["desc"]?.GetValue<string>() ?? error.ToJsonString()}");
            }

            return reply["return"];
        }
        catch (IOException e)
        {
            throw new QmpException($"QMP {command}: the connection to QEMU broke ({e.Message})", e) { ConnectionClosed = true };
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>The VM run state (<c>query-status</c>): <c>running</c>, <c>paused</c>, <c>internal-error</c>, ….</summary>
    public async Task<string> QueryStatusAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-status", null, cancellationToken);
        return result?["status"]?.GetValue<string>() ?? throw new QmpException("QMP query-status: the answer has no status");
    }

    /// <summary>Hard reset (<c>system_reset</c>).</summary>
    public Task SystemResetAsync(CancellationToken cancellationToken) => ExecuteAsync("system_reset", null, cancellationToken);

    /// <summary>Sets the link of the NIC or netdev <paramref name="name"/> up or down (<c>set_link</c>).</summary>
    public Task SetLinkAsync(string name, bool up, CancellationToken cancellationToken) =>
        ExecuteAsync("set_link", new JsonObject { ["name"] = name, ["up"] = up }, cancellationToken);

    /// <summary>Asks QEMU to exit (<c>quit</c>). A connection closed by QEMU while answering counts as success.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            await ExecuteAsync("quit", null, cancellationToken, timeout);
        }
        catch (QmpException e) when (e.ConnectionClosed)
        {
            // QEMU may close the socket before or right after its answer: either way it is quitting.
        }
    }

    /// <summary>Closes the connection; pending commands fail. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected.
        }

        _socket.Dispose();
        try
        {
            await _readLoop;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // The loop ends with whatever the closed socket threw.
        }

        _reader.Dispose();
        await _stream.DisposeAsync();
        _writeLock.Dispose();
        _closing.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        string? greetingLine;
        try
        {
            greetingLine = await _reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new QmpException($"QMP: the connection broke before QEMU's greeting ({e.Message})", e) { ConnectionClosed = true };
        }

        if (greetingLine is null)
        {
            throw new QmpException("QMP: the connection closed before QEMU's greeting") { ConnectionClosed = true };
        }

        var greeting = ParseObject(greetingLine);
        if (greeting?["QMP"] is not JsonObject qmp)
        {
            throw new QmpException($"QMP: expected a greeting, got {Truncate(greetingLine)}");
        }

        if (qmp["version"]?["qemu"] is JsonObject v)
        {
            QemuVersion = string.Create(CultureInfo.InvariantCulture, $"{v["major"]}.{v["minor"]}.{v["micro"]}");
        }

        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        await ExecuteAsync("qmp_capabilities", null, cancellationToken);
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var line = await _reader.ReadLineAsync(_closing.Token);
                if (line is null)
                {
                    break;
                }

                var message = ParseObject(line);
                if (message is null)
                {
                    continue;
                }

                if (message["event"] is JsonValue name)
                {
                    var eventName = name.GetValue<string>();
                    if (eventName == "SHUTDOWN" && message["data"]?["reason"] is JsonValue reason)
                    {
                        _shutdownReason = reason.ToString();
                    }

                    _events.Enqueue(eventName);
                }
                else if (message["id"] is JsonValue id && _pending.TryGetValue(id.ToString(), out var waiter))
                {
                    waiter.TrySetResult(message);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            failure = e;
        }
        finally
        {
            _closed = true;
            foreach (var (_, waiter) in _pending)
            {
                waiter.TrySetException(new QmpException(
                    "QMP: the connection to QEMU closed before it answered" + (failure is null ? "" : $" ({failure.Message})"))
                { ConnectionClosed = true });
            }
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            throw new IOException(e.Message, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static JsonObject? ParseObject(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
