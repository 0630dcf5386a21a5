using YamlDotNet.Core;

namespace Harness.Ignition;

/// <summary>Where a Butane scalar stands, whatever its type.</summary>
internal interface IButaneValue
{
    /// <summary>Where the scalar starts.</summary>
    Mark Start { get; }

    /// <summary>The scalar's field path, for example <c>storage.files[0].mode</c>.</summary>
    string Path { get; }

    /// <summary>The scalar as messages quote it: <c>"rw"</c>, shortened to one line.</summary>
    string Quoted { get; }
}

/// <summary>A Butane scalar read with go-yaml's rules, with where it stands for errors about it.</summary>
/// <param name="Value">The value.</param>
/// <param name="Start">Where the scalar starts.</param>
/// <param name="Path">The field path.</param>
/// <param name="Quoted">The scalar's text as messages quote it.</param>
internal sealed record ButaneValue<T>(T Value, Mark Start, string Path, string Quoted) : IButaneValue
{
    /// <summary>An error at this scalar.</summary>
    public ButaneException Fail(ButaneSource source, string problem, Exception? inner = null) =>
        source.Error(Start, Path, problem, inner);
}
