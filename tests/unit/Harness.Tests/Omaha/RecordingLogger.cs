using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Harness.Tests.Omaha;

/// <summary>Keeps every log entry (event id and message), safe to use from many threads.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((eventId.Id, formatter(state, exception)));
    }

    public int Count(int eventId) => Entries.Count(e => e.EventId == eventId);
}
