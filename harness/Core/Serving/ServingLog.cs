using Microsoft.Extensions.Logging;

namespace Harness.Serving;

/// <summary>Log messages of the serving code.</summary>
internal static partial class ServingLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} → {Status} (file server on 127.0.0.1:{Port})")]
    public static partial void Served(ILogger logger, string method, string path, int status, int port);
}
