using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Harness.Xunit.Logging;

/// <summary>
/// The run's logger provider: every line goes to <c>harness.log</c>, and lines logged while an OS test runs (its
/// <see cref="OsTestContext"/> is current, which flows into everything the test starts) also go to that test's
/// <c>test.log</c> and, from Information up, into the test's xunit output.
/// Format: <c>10:02:03.456 INFO  Machine: cl-basic-m1: started in 21.3s</c>.
/// </summary>
internal sealed class RunLoggerProvider : ILoggerProvider
{
    private readonly LogFile _runLog;
    private readonly TimeProvider _time;

    public RunLoggerProvider(LogFile runLog, TimeProvider time)
    {
        _runLog = runLog;
        _time = time;
    }

    public ILogger CreateLogger(string categoryName) => new RunLogger(this, ShortCategory(categoryName));

    public void Dispose()
    {
        // The run log is owned by the run, which closes it last.
    }

    /// <summary>Formats one log line.</summary>
    internal static string Format(DateTimeOffset at, LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:HH:mm:ss.fff} {LevelText(level)} {category}: {message}");
        return exception is null ? line : line + Environment.NewLine + "    " + exception.ToString().Replace("\n", "\n    ", StringComparison.Ordinal);
    }

    private static string ShortCategory(string category) => category[(category.LastIndexOf('.') + 1)..];

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRIT ",
        _ => "     ",
    };

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = Format(_time.GetUtcNow(), level, category, message, exception);
        _runLog.WriteLine(line);
        OsTestContext.Current?.WriteLog(level, line);
    }

    private sealed class RunLogger(RunLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
