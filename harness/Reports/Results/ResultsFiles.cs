namespace Harness.Results;

/// <summary>Names of the files written beside <c>results.json</c> in a run folder.</summary>
public static class ResultsFiles
{
    /// <summary>The results document.</summary>
    public const string Json = "results.json";

    /// <summary>TAP, one line per test (its last attempt), like kola's <c>test.tap</c>.</summary>
    public const string Tap = "results.tap";

    /// <summary>JUnit XML (one testcase per test; earlier failed attempts as surefire's <c>flakyFailure</c>/<c>rerunFailure</c>).</summary>
    public const string JUnit = "junit.xml";

    /// <summary>Folder of allure-results JSON files (one <c>&lt;uuid&gt;-result.json</c> per attempt).</summary>
    public const string AllureFolder = "allure-results";
}
