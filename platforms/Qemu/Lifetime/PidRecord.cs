using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Platforms.Qemu;

/// <summary>
/// A record, in <c>STATE/pids/</c>, of processes and files one harness process owns. When that harness process is
/// gone (pid and start time no longer match), <see cref="StaleSweeper"/> kills the processes and deletes the paths.
/// </summary>
internal sealed record PidRecord
{
    /// <summary>Pid of the owning harness process.</summary>
    public required int HarnessPid { get; init; }

    /// <summary>Its start time (<c>/proc/PID/stat</c> field 22), which guards against pid reuse.</summary>
    public required long HarnessStart { get; init; }

    /// <summary>Processes to kill when the owner is gone.</summary>
    public IReadOnlyList<OwnedProcess> Processes { get; init; } = [];

    /// <summary>Files and folders to delete when the owner is gone.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>What the record is for (machine name, "probe", "sockets"), for logs.</summary>
    public string Owner { get; init; } = "";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>A record owned by the current process.</summary>
    public static PidRecord ForCurrentProcess(string owner) => new()
    {
        HarnessPid = Environment.ProcessId,
        HarnessStart = ProcInfo.StartTime(Environment.ProcessId) ?? 0,
        Owner = owner,
    };

    /// <summary>Writes the record atomically (temp file + rename).</summary>
    public void WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a record; null when the file is unreadable or malformed.</summary>
    public static PidRecord? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PidRecord>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
