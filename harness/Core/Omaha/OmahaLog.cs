using Microsoft.Extensions.Logging;

namespace Harness.Omaha;

/// <summary>Source-generated log messages of the Omaha server. Structured fields: <c>Port</c>, <c>Exchange</c>, <c>Package</c>.</summary>
internal static partial class OmahaLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Omaha server listening on 127.0.0.1:{Port}, offering {Offer}")]
    public static partial void Listening(ILogger logger, int port, string offer);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Omaha server now offers {Offer}")]
    public static partial void Reconfigured(ILogger logger, string offer);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Omaha server: {Exchange}")]
    public static partial void Exchange(ILogger logger, OmahaExchange exchange);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Omaha server: request from {Remote} {Answer}")]
    public static partial void Rejected(ILogger logger, string remote, string answer);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Omaha server: sending {Package} ({Size} bytes){Fault}")]
    public static partial void Sending(ILogger logger, string package, long size, string fault);
}
