using Harness.Failures;
using Harness.Machines;
using Harness.Processes;

namespace Harness.Verity;

/// <summary>dm-verity on a running machine.</summary>
public static class MachineVerity
{
    /// <summary>The status of the dm-verity device <paramref name="name"/> (<c>sudo veritysetup status NAME</c>; <c>/usr</c> is <c>usr</c>).</summary>
    /// <exception cref="TestFailureException">veritysetup failed (e.g. no such device).</exception>
    public static async Task<VerityStatus> VerityStatusAsync(this Machine machine, string name = "usr", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = await machine.SucceedAsync($"sudo veritysetup status {ShellQuote.Quote(name)}", cancellationToken: cancellationToken);
        return VerityStatus.Parse(text, $"veritysetup status {name} on {machine.Name}");
    }

    /// <summary>The device-mapper table of <paramref name="name"/> (<c>sudo dmsetup table NAME</c>).</summary>
    /// <exception cref="TestFailureException">dmsetup failed (e.g. no such device).</exception>
    public static async Task<VerityTable> VerityTableAsync(this Machine machine, string name = "usr", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return VerityTable.Parse(await machine.SucceedAsync($"sudo dmsetup table {ShellQuote.Quote(name)}", cancellationToken: cancellationToken));
    }
}
