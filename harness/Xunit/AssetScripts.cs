using Harness.Failures;
using Harness.Machines;
using Harness.Processes;
using Harness.Text;

namespace Harness.Xunit;

/// <summary>
/// Runs the catalog's guest scripts (asset files next to the test, <see cref="Assets"/>) on a machine as root:
/// <c>var disk = await vm.ScriptValuesAsync("basic/disk-facts.sh");</c>. The script is copied to <c>/tmp</c> on every
/// call (so it is there after a reboot too) and run by the interpreter its <c>#!</c> line names (<c>/bin/sh</c>
/// without one) under <c>sudo</c>.
/// </summary>
public static class AssetScripts
{
    /// <summary>Runs the asset script <paramref name="asset"/> as root with <paramref name="arguments"/>; it must exit 0.</summary>
    /// <param name="machine">The machine.</param>
    /// <param name="asset">The script's path relative to the test project (<c>"update/corrupt-usr-hash.sh"</c>).</param>
    /// <param name="arguments">Words passed to the script, each quoted for the guest's shell.</param>
    /// <returns>Its standard output without the white space around it (as <see cref="Machine.OutputAsync"/>).</returns>
    /// <exception cref="FileNotFoundException">The asset does not exist.</exception>
    /// <exception cref="TestFailureException">The copy failed, or the script exited non-zero (the message has its output).</exception>
    public static async Task<string> RunScriptAsync(this Machine machine, string asset, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(arguments);
        var local = Assets.Path(asset);
        var remote = "/tmp/" + Path.GetFileName(local);
        await machine.CopyToAsync(local, remote);
        var words = new[] { await InterpreterAsync(local), ShellQuote.Quote(remote) }.Concat(arguments.Select(ShellQuote.Quote));
        return await machine.OutputAsync("sudo " + string.Join(' ', words));
    }

    /// <summary>
    /// Runs the asset script <paramref name="asset"/> as root (<see cref="RunScriptAsync"/>) and reads the
    /// <c>KEY=value</c> lines it prints; a lookup of a key it did not print fails with its whole output.
    /// </summary>
    /// <exception cref="TestFailureException">The script exited non-zero.</exception>
    /// <exception cref="FormatException">It printed a line that is not <c>KEY=value</c>.</exception>
    public static async Task<KeyValues> ScriptValuesAsync(this Machine machine, string asset, params string[] arguments) =>
        KeyValues.Parse(await machine.RunScriptAsync(asset, arguments), $"{asset} on {machine.Name}");

    private static async Task<string> InterpreterAsync(string scriptPath)
    {
        using var reader = new StreamReader(scriptPath);
        var first = await reader.ReadLineAsync() ?? "";
        return first.StartsWith("#!", StringComparison.Ordinal) && first[2..].Trim().Length > 0 ? first[2..].Trim() : "/bin/sh";
    }
}
