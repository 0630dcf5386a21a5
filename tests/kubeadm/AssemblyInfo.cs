// The harness's test framework closes the run (platform, results "end", secrets) right after the last test,
// before `dotnet test` tears the test host down.
[assembly: Xunit.TestFramework("Harness.Xunit.Sdk.HarnessTestFramework", "Harness.Xunit")]
