using System.Net;
using System.Net.NetworkInformation;
using Harness.Serving;
using Microsoft.AspNetCore.Http;

namespace Harness.Tests.Serving;

public sealed class FileServerTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Serves_registered_bytes_and_files_and_records_each_request()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "image bytes");
        try
        {
            await using var server = await FileServer.StartAsync();
            server.ServeBytes("/hello.txt", "hello"u8.ToArray(), "text/plain");
            server.ServeFile("sysext/hello.raw", file);

            Assert.Equal("hello", await Http.GetStringAsync(new Uri(server.LocalBaseUri, "hello.txt")));
            Assert.Equal("image bytes", await Http.GetStringAsync(server.UrlFor("127.0.0.1", "/sysext/hello.raw")));
            using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(server.LocalBaseUri, "sysext/hello.raw")));
            Assert.Equal(11, head.Content.Headers.ContentLength);

            Assert.Equal(
                ["GET /hello.txt 200", "GET /sysext/hello.raw 200", "HEAD /sysext/hello.raw 200"],
                server.Requests.Select(r => $"{r.Method} {r.Path} {r.StatusCode}"));
            Assert.Equal(2, server.RequestsFor("sysext/hello.raw").Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Unknown_and_removed_paths_answer_404_and_are_recorded()
    {
        await using var server = await FileServer.StartAsync();
        server.ServeBytes("/a", "a"u8.ToArray());
        server.Remove("/a");

        using var response = await Http.GetAsync(new Uri(server.LocalBaseUri, "a"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public async Task Handlers_answer_any_method_for_update_servers()
    {
        await using var server = await FileServer.StartAsync();
        server.Map("/v1/update/", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync("got " + await reader.ReadToEndAsync());
        });

        using var response = await Http.PostAsync(new Uri(server.LocalBaseUri, "v1/update/"), new StringContent("<request/>"));

        Assert.Equal("got <request/>", await response.Content.ReadAsStringAsync());
        Assert.Equal("POST", Assert.Single(server.Requests).Method);
    }

    [Fact]
    public async Task Listens_on_loopback_only_on_an_ephemeral_port_and_frees_it_on_dispose()
    {
        var server = await FileServer.StartAsync();
        var port = server.Port;
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => l.Port == port).ToList();
        Assert.NotEmpty(listeners);
        Assert.All(listeners, l => Assert.Equal(IPAddress.Loopback, l.Address));
        Assert.True(port > 1024);

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.DoesNotContain(IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners(), l => l.Port == port);
    }

    [Fact]
    public async Task Serving_a_missing_file_fails_at_once_naming_it()
    {
        await using var server = await FileServer.StartAsync();

        var e = Assert.Throws<FileNotFoundException>(() => server.ServeFile("/x", "/nonexistent/x.raw"));

        Assert.Equal("cannot serve /nonexistent/x.raw at /x: no such file", e.Message);
    }
}
