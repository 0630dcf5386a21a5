using Harness.Cli;

namespace Harness.Tests.Cli;

/// <summary>
/// Runs the command-line program's entry point in this process with a given environment and captures what it prints.
/// The console and the environment are the process's own, so callers belong to the non-parallel
/// <see cref="ProcessStateCollection"/>; the previous console and variables are put back afterwards.
/// </summary>
internal static class InProcessCli
{
    /// <summary>The exit code and output of <c>harness <paramref name="args"/></c> under exactly <paramref name="environment"/>.</summary>
    public static async Task<CliOutcome> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment, IEnumerable<string> cleared)
    {
        var saved = cleared.Concat(environment.Keys).Distinct().ToDictionary(n => n, Environment.GetEnvironmentVariable);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        try
        {
            foreach (var name in saved.Keys)
            {
                Environment.SetEnvironmentVariable(name, environment.GetValueOrDefault(name));
            }

            Console.SetOut(stdout);
            Console.SetError(stderr);
            var entry = typeof(CliInput).Assembly.EntryPoint!;
            var code = await Task.Run(() => entry.Invoke(null, [args]));
            return new CliOutcome((int)code!, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
