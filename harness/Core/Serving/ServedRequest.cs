namespace Harness.Serving;

/// <summary>One request a <see cref="FileServer"/> answered.</summary>
/// <param name="Method">HTTP method (<c>GET</c>, <c>HEAD</c>, <c>POST</c>).</param>
/// <param name="Path">The request path (<c>/sysext/hello.raw</c>), without the query.</param>
/// <param name="StatusCode">The status sent (404 for a path nothing is registered at).</param>
/// <param name="Time">When the request arrived.</param>
/// <param name="UserAgent">The <c>User-Agent</c> header (Ignition sends <c>Ignition/2.14.0</c>), or null.</param>
public sealed record ServedRequest(string Method, string Path, int StatusCode, DateTimeOffset Time, string? UserAgent);
