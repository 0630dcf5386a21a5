using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Harness.Ignition;

/// <summary>A Butane object: where its mapping starts and its field path, for errors about it.</summary>
internal abstract class ButaneNode
{
    [YamlIgnore] public Mark Start { get; set; } = Mark.Empty;
    [YamlIgnore] public string Path { get; set; } = "";

    /// <summary>An error at this object's mapping about <paramref name="path"/> (default: the object).</summary>
    public ButaneException Fail(ButaneSource source, string problem, string? path = null) =>
        source.Error(Start, path ?? Path, problem);

    /// <summary>The value of the required key <paramref name="key"/>; fails at this mapping when it is unset.</summary>
    public T Required<T>(ButaneSource source, T? value, string key) where T : class =>
        value ?? throw Fail(source, "required field is missing", Path.Length == 0 ? key : $"{Path}.{key}");

    /// <summary>Fails when more than one of the values is set, pointing at the later one in the file.</summary>
    public void AtMostOne(ButaneSource source, params (string Key, IButaneValue? Value)[] values)
    {
        var set = values.Where(v => v.Value is not null).OrderBy(v => v.Value!.Start.Index).ToList();
        if (set.Count > 1)
        {
            throw source.Error(
                set[1].Value!.Start,
                Path,
                $"only one of {string.Join(", ", values.Select(v => v.Key))} may be set, got {set[0].Key} and {set[1].Key}");
        }
    }
}
