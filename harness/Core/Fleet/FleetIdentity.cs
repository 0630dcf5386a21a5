using System.Text;
using System.Text.RegularExpressions;
using Harness.Failures;
using Harness.Machines;
using Harness.Text;
using Harness.Verity;

namespace Harness.Fleet;

/// <summary>
/// Proves a fleet's filesystems match: collects each node's <see cref="NodeIdentity"/> (VERSION_ID, the <c>/usr</c>
/// dm-verity root hash, the merged system extensions with their digests) with a guest script shipped in the harness
/// (<c>collect-identity.sh</c>), and compares them (<see cref="FleetComparison"/>).
/// </summary>
public static partial class FleetIdentity
{
    private const string ScriptResource = "Harness.Fleet.collect-identity.sh";
    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>Collects the identity of <paramref name="machine"/> (runs the script as root over SSH).</summary>
    /// <exception cref="TestFailureException">The script failed on the guest.</exception>
    /// <exception cref="FormatException">The guest's answer lacks a fact (the message quotes it).</exception>
    public static async Task<NodeIdentity> CollectAsync(Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Script.Value));
        var output = await machine.SucceedAsync($"echo {encoded} | base64 -d | sudo sh", cancellationToken: cancellationToken);
        return Parse(machine.Name, output);
    }

    /// <summary>Collects the identities of all <paramref name="machines"/> at once, in their order.</summary>
    public static async Task<IReadOnlyList<NodeIdentity>> CollectAsync(IEnumerable<Machine> machines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machines);
        return await Task.WhenAll(machines.Select(m => CollectAsync(m, cancellationToken)));
    }

    /// <summary>
    /// Reads the script's output (<c>key=value</c> lines). The root hash comes from the verity table of <c>usr</c>
    /// (field 12 of <c>dmsetup table</c>), else from <c>verity.usrhash=</c> on the kernel command line, else it is
    /// <c>unknown</c>.
    /// </summary>
    /// <exception cref="FormatException">A line is not <c>key=value</c>, no <c>version_id=</c> line, or a malformed <c>sysext=</c> line.</exception>
    public static NodeIdentity Parse(string node, string output)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(output);
        var facts = KeyValues.Parse(output, $"the identity script's output on {node}");
        var sysexts = new List<SysextDigest>();
        foreach (var line in facts.All("sysext"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"{node}: malformed sysext line 'sysext={line}' (expected 'sysext=<name> <kind> <digest>')");
            }

            sysexts.Add(new SysextDigest(parts[0], parts[1], parts[2]));
        }

        var version = facts.Find("version_id");
        if (string.IsNullOrEmpty(version))
        {
            throw new FormatException($"{node}: the identity script printed no version_id (is /etc/os-release missing VERSION_ID?); output: {output.Trim()}");
        }

        var hash = RootHashFromTable(facts.Find("verity_table")) ?? RootHashFromCmdline(facts.Find("cmdline")) ?? "unknown";
        return new NodeIdentity(node, version, hash, [.. sysexts.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The root hash in a dm-verity table line (<c>0 N verity 1 data hash 4096 4096 blocks start sha256 ROOT SALT …</c>), or null.</summary>
    public static string? RootHashFromTable(string? table)
    {
        var verity = VerityTable.Parse(table ?? "");
        return verity is { Target: "verity", RootHash: { } hash } && Hex().IsMatch(hash) ? hash.ToLowerInvariant() : null;
    }

    private static string? RootHashFromCmdline(string? cmdline) =>
        (cmdline ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.StartsWith("verity.usrhash=", StringComparison.Ordinal) ? a["verity.usrhash=".Length..] : null)
            .FirstOrDefault(h => h is not null && Hex().IsMatch(h))?.ToLowerInvariant();

    private static string LoadScript()
    {
        using var stream = typeof(FleetIdentity).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"the harness assembly lacks its resource {ScriptResource}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^[0-9a-fA-F]{32,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();
}
