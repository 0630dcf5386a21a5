using Harness.ConsoleChecks;
using Harness.Processes;
using Harness.Waiting;

namespace Harness.Machines;

/// <summary>The texts of machine errors (style.md §5): what and where first, then indented evidence, then the artifact folder.</summary>
internal static class MachineFailures
{
    public const int ConsoleTailLines = 30;

    /// <summary>"`cmd` on m1 exited 3 after 2.1s", stdout/stderr tails, artifacts.</summary>
    public static string CommandFailed(ExecResult result, string machine, string artifactDir) =>
        $"`{result.Command}` on {machine} exited {result.ExitCode} after {result.Elapsed.ToShortText()}\n" +
        Streams(result.Stdout, result.Stderr, maxLines: 20) +
        $"\n  artifacts: {artifactDir}";

    public static string UnexpectedSuccess(ExecResult result, string machine, string artifactDir) =>
        $"`{result.Command}` on {machine} exited 0 after {result.Elapsed.ToShortText()} but was expected to fail\n" +
        Streams(result.Stdout, result.Stderr, maxLines: 20) +
        $"\n  artifacts: {artifactDir}";

    public static string CommandTimedOut(string command, ProcessTimeoutException e, string machine, string artifactDir) =>
        $"`{command}` on {machine} did not finish within {e.Limit.ToShortText()} (killed after {e.Elapsed.ToShortText()})\n" +
        Streams(e.Stdout, e.Stderr, maxLines: 20) +
        $"\n  artifacts: {artifactDir}";

    /// <summary>A poll observation of a command: "exit 3 after 0.2s" plus short stream tails.</summary>
    public static string Observation(ExecResult result) =>
        $"exit {result.ExitCode} after {result.Elapsed.ToShortText()}\n" + Streams(result.Stdout, result.Stderr, maxLines: 10);

    public static string Crashed(string headline, string console, string artifactDir) =>
        $"{headline}\n  console (last {ConsoleTailLines} lines):\n" +
        TextTail.Indent(console.Length == 0 ? "(empty)" : TextTail.Last(ConsoleChecker.Clean(console), ConsoleTailLines), "    ") +
        $"\n  artifacts: {artifactDir}";

    public static string Streams(string stdout, string stderr, int maxLines) =>
        Stream("stdout", stdout, maxLines) + "\n" + Stream("stderr", stderr, maxLines);

    private static string Stream(string name, string text, int maxLines) =>
        string.IsNullOrWhiteSpace(text)
            ? $"  {name}: (empty)"
            : $"  {name}:\n" + TextTail.Indent(TextTail.Last(text, maxLines), "    ");
}
