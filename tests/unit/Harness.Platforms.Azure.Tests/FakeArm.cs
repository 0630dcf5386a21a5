using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Platforms.Azure.Tests;

/// <summary>
/// A fake Azure Resource Manager behind the SDK's HTTP transport, answering like ARM does: PUT answers 201 with an
/// <c>Azure-AsyncOperation</c> link whose status goes InProgress → Succeeded (or Failed), DELETE answers 202 with a
/// <c>Location</c> link polled until 200, resources carry <c>provisioningState</c>, missing ones answer 404
/// ResourceNotFound, boot diagnostics hand out a SAS link to a fake blob. Scripted faults: throttling with
/// <c>Retry-After</c>, and a VM whose provisioning fails.
/// </summary>
public sealed class FakeArm : HttpMessageHandler
{
    public const string Host = "management.azure.com";
    public const string BlobHost = "harnessdiag.blob.core.windows.net";
    public const string SasSignature = "sig=SAS-SECRET-do-not-log";

    private readonly ConcurrentDictionary<string, JsonObject> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Operation> _operations = new();
    private readonly ConcurrentQueue<(Func<HttpRequestMessage, bool> Match, HttpStatusCode Status, string? RetryAfter)> _faults = new();
    private int _operationCount;


    /// <summary>Every request, in order: "PUT /subscriptions/…/resourcegroups/x".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Last PUT body per resource name (the last path segment, lowercase).</summary>
    public ConcurrentDictionary<string, string> Bodies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Authorization header of every ARM request.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Public address reported for every public IP.</summary>
    public string PublicIp { get; set; } = "20.1.2.3";

    /// <summary>The serial log boot diagnostics serve.</summary>
    public Func<string, string> SerialLog { get; set; } = vm => $"Flatcar Container Linux serial console of {vm}\nlogin: ";

    /// <summary>When set, a VM's provisioning ends Failed with this ARM error code.</summary>
    public string? VmFailureCode { get; set; }

    /// <summary>When true, VM provisioning never finishes.</summary>
    public bool VmNeverFinishes { get; set; }

    /// <summary>Called with (vm name, decoded user data) when a VM is PUT; the integration test boots QEMU here.</summary>
    public Func<string, string, Task>? OnVmCreated { get; set; }

    /// <summary>Called with the VM name when a VM is deleted.</summary>
    public Func<string, Task>? OnVmDeleted { get; set; }

    /// <summary>Resource ids currently present (lowercase paths).</summary>
    public IReadOnlyCollection<string> ResourceIds => _resources.Keys.ToArray();

    /// <summary>Answers the next request matching <paramref name="match"/> with <paramref name="status"/> (once per call).</summary>
    public void Fail(Func<HttpRequestMessage, bool> match, HttpStatusCode status, string? retryAfter = null) =>
        _faults.Enqueue((match, status, retryAfter));

    /// <summary>Adds a resource group as if an earlier run had created it.</summary>
    public void AddResourceGroup(string subscription, string name, IDictionary<string, string> tags)
    {
        var id = $"/subscriptions/{subscription}/resourceGroups/{name}";
        var tagObject = new JsonObject();
        foreach (var (k, v) in tags)
        {
            tagObject[k] = v;
        }

        _resources[id.ToLowerInvariant()] = new JsonObject
        {
            ["id"] = id, ["name"] = name, ["type"] = "Microsoft.Resources/resourceGroups", ["location"] = "westeurope",
            ["tags"] = tagObject, ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
        };
    }

    public bool HasResourceGroup(string subscription, string name) =>
        _resources.ContainsKey($"/subscriptions/{subscription}/resourcegroups/{name}".ToLowerInvariant());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        Requests.Enqueue($"{request.Method} {path}");
        if (uri.Host == Host)
        {
            Authorizations.Enqueue(request.Headers.Authorization?.ToString() ?? "");
        }

        foreach (var _ in _faults)
        {
            if (_faults.TryPeek(out var fault) && fault.Match(request) && _faults.TryDequeue(out fault))
            {
                var throttled = Error(fault.Status, fault.Status == HttpStatusCode.TooManyRequests ? "TooManyRequests" : "InternalServerError", "scripted fault");
                if (fault.RetryAfter is not null)
                {
                    throttled.Headers.TryAddWithoutValidation("Retry-After", fault.RetryAfter);
                }

                return throttled;
            }

            break;
        }

        if (uri.Host == BlobHost)
        {
            return Text(HttpStatusCode.OK, SerialLog(Path.GetFileName(path).Replace(".serialconsole.log", "", StringComparison.Ordinal)));
        }

        var key = path.ToLowerInvariant();
        if (key.Contains("/operations/", StringComparison.Ordinal) || key.Contains("/operationresults/", StringComparison.Ordinal))
        {
            return PollOperation(key.Split('/')[^1], locationStyle: key.Contains("/operationresults/", StringComparison.Ordinal));
        }

        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        return request.Method.Method switch
        {
            "PUT" => await PutAsync(path, key, body),
            "GET" when IsGroupList(key) => ListGroups(uri.Query),
            "GET" => _resources.TryGetValue(key, out var r) ? Json(HttpStatusCode.OK, r) : NotFound(path),
            "DELETE" => await DeleteAsync(key),
            "POST" when key.EndsWith("/retrievebootdiagnosticsdata", StringComparison.Ordinal) => BootDiagnostics(key),
            "POST" when key.EndsWith("/restart", StringComparison.Ordinal) => Accepted(StartOperation(() => { }, null)),
            _ => Error(HttpStatusCode.BadRequest, "UnsupportedByFake", $"{request.Method} {path}"),
        };
    }

    private static bool IsGroupList(string key) => key.EndsWith("/resourcegroups", StringComparison.Ordinal);

    private async Task<HttpResponseMessage> PutAsync(string path, string key, string? body)
    {
        var resource = JsonNode.Parse(body ?? "{}")!.AsObject();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Bodies[segments[^1]] = body ?? "";
        resource["id"] = path;
        resource["name"] = segments[^1];
        var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        resource["type"] = providers < 0
            ? "Microsoft.Resources/resourceGroups"
            : segments[providers + 1] + "/" + string.Join('/', segments[(providers + 2)..].Where((_, i) => i % 2 == 0));
        var properties = resource["properties"] as JsonObject ?? new JsonObject();
        resource["properties"] = properties;
        var isGroup = !key.Contains("/providers/", StringComparison.Ordinal);
        var isVm = key.Contains("/microsoft.compute/virtualmachines/", StringComparison.Ordinal);
        if (key.Contains("/publicipaddresses/", StringComparison.Ordinal))
        {
            properties["ipAddress"] = PublicIp;
        }

        if (isGroup)
        {
            properties["provisioningState"] = "Succeeded";
            _resources[key] = resource;
            return Json(HttpStatusCode.Created, resource);
        }

        if (isVm && OnVmCreated is { } hook && properties["userData"]?.GetValue<string>() is { } userData)
        {
            await hook(segments[^1], Encoding.UTF8.GetString(Convert.FromBase64String(userData)));
        }

        properties["provisioningState"] = "Creating";
        _resources[key] = resource;
        string? failure = isVm ? VmFailureCode : null;
        var operation = StartOperation(
            () => properties["provisioningState"] = failure is null ? "Succeeded" : "Failed",
            failure,
            neverFinishes: isVm && VmNeverFinishes,
            pollsInProgress: isVm ? 1 : 0);
        var response = Json(HttpStatusCode.Created, resource);
        response.Headers.TryAddWithoutValidation("Azure-AsyncOperation", $"https://{Host}/subscriptions/x/providers/Microsoft.Fake/locations/westeurope/operations/{operation}?api-version=2023-09-01");
        return response;
    }

    private async Task<HttpResponseMessage> DeleteAsync(string key)
    {
        if (!_resources.ContainsKey(key))
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        if (key.Contains("/microsoft.compute/virtualmachines/", StringComparison.Ordinal) && OnVmDeleted is { } hook)
        {
            await hook(key.Split('/')[^1]);
        }

        var isGroup = !key.Contains("/providers/", StringComparison.Ordinal);
        return Accepted(StartOperation(
            () =>
            {
                foreach (var id in _resources.Keys.Where(k => k == key || (isGroup && k.StartsWith(key + "/", StringComparison.Ordinal))))
                {
                    _resources.TryRemove(id, out _);
                }
            },
            null));
    }

    private HttpResponseMessage ListGroups(string query)
    {
        var filter = Uri.UnescapeDataString(query);
        var groups = _resources.Values
            .Where(r => r["type"]?.GetValue<string>() == "Microsoft.Resources/resourceGroups")
            .Where(r => !filter.Contains("tagName eq 'created-by'", StringComparison.Ordinal)
                || r["tags"]?["created-by"]?.GetValue<string>() == "harness")
            .Select(r => r.DeepClone())
            .ToArray();
        return Json(HttpStatusCode.OK, new JsonObject { ["value"] = new JsonArray(groups) });
    }

    private static HttpResponseMessage BootDiagnostics(string key)
    {
        var vm = key.Split('/')[^2];
        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["consoleScreenshotBlobUri"] = $"https://{BlobHost}/bootdiagnostics/{vm}.screenshot.bmp?sv=2021-08-06&{SasSignature}",
            ["serialConsoleLogBlobUri"] = $"https://{BlobHost}/bootdiagnostics/{vm}.serialconsole.log?sv=2021-08-06&{SasSignature}",
        });
    }

    /// <summary>
    /// Starts an operation that reports InProgress for <paramref name="pollsInProgress"/> polls (only VMs take a
    /// while here: the SDK waits about a second between polls, whatever interval it is given).
    /// </summary>
    private string StartOperation(Action complete, string? failure, bool neverFinishes = false, int pollsInProgress = 0)
    {
        var id = "op" + Interlocked.Increment(ref _operationCount);
        _operations[id] = new Operation(complete, failure, neverFinishes, pollsInProgress);
        return id;
    }

    private static HttpResponseMessage Accepted(string operation)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("") };
        response.Headers.Location = new Uri($"https://{Host}/subscriptions/x/providers/Microsoft.Fake/operationresults/{operation}?api-version=2023-09-01");
        return response;
    }

    /// <summary>
    /// Azure-AsyncOperation links answer 200 with a status body; Location links answer 202 while running and 200 once done.
    /// </summary>
    private HttpResponseMessage PollOperation(string id, bool locationStyle)
    {
        if (!_operations.TryGetValue(id, out var op))
        {
            return NotFound(id);
        }

        op.Polls++;
        if (op.NeverFinishes || op.Polls <= op.PollsInProgress)
        {
            return locationStyle ? Accepted(id) : Json(HttpStatusCode.OK, new JsonObject { ["status"] = "InProgress" });
        }

        op.Complete();
        if (locationStyle)
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("") };
        }

        return op.Failure is { } code
            ? Json(HttpStatusCode.OK, new JsonObject
            {
                ["status"] = "Failed",
                ["error"] = new JsonObject { ["code"] = code, ["message"] = "OS Provisioning for VM did not finish in the allotted time." },
            })
            : Json(HttpStatusCode.OK, new JsonObject { ["status"] = "Succeeded" });
    }

    private static HttpResponseMessage NotFound(string what) =>
        Error(HttpStatusCode.NotFound, "ResourceNotFound", $"The resource '{what}' was not found.");

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Text(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };

    private sealed class Operation(Action complete, string? failure, bool neverFinishes, int pollsInProgress)
    {
        public int PollsInProgress { get; } = pollsInProgress;

        public Action Complete { get; } = complete;

        public string? Failure { get; } = failure;

        public bool NeverFinishes { get; } = neverFinishes;

        public int Polls { get; set; }
    }
}
