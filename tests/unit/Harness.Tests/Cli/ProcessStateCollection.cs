namespace Harness.Tests.Cli;

/// <summary>Tests that change the process's console or environment: run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProcessStateCollection), DisableParallelization = true)]
public sealed class ProcessStateCollection;
