using YamlDotNet.RepresentationModel;

namespace Harness.Ignition;

/// <summary>A YAML mapping of a Butane config, with the field checks Butane does (unknown keys, exclusive keys).</summary>
internal sealed class ButaneMap
{
    private readonly List<(YamlScalarNode Key, ButaneNode Value)> _entries = [];

    public ButaneMap(YamlMappingNode mapping, ButaneNode node)
    {
        Node = node;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalar)
            {
                throw node.Source.Error(key.Start, node.Path, "mapping keys must be plain strings");
            }
            _entries.Add((scalar, new ButaneNode(value, Child(name), node.Source)));
        }
    }

    /// <summary>The mapping itself.</summary>
    public ButaneNode Node { get; }

    /// <summary>
    /// Fails on the first key (in document order) that is neither in <paramref name="known"/> nor in
    /// <paramref name="unsupported"/>, and on the first key in <paramref name="unsupported"/> whose value is set.
    /// </summary>
    public ButaneMap Expect(string[] known, string[]? unsupported = null)
    {
        foreach (var (key, value) in _entries)
        {
            if (unsupported is not null && unsupported.Contains(key.Value))
            {
                if (!value.IsNull)
                {
                    throw Node.Source.Error(
                        key.Start,
                        value.Path,
                        "not supported by this translator (valid Butane, but the harness's Butane subset leaves it out)");
                }
            }
            else if (!known.Contains(key.Value))
            {
                throw Node.Source.Error(
                    key.Start, value.Path, $"unknown key (expected one of: {string.Join(", ", known)})");
            }
        }
        return this;
    }

    /// <summary>The value at <paramref name="key"/>, or <c>null</c> when it is missing or YAML null.</summary>
    public ButaneNode? Optional(string key)
    {
        foreach (var (k, value) in _entries)
        {
            if (k.Value == key)
            {
                return value.IsNull ? null : value;
            }
        }
        return null;
    }

    /// <summary>The value at <paramref name="key"/>; fails at the mapping when it is missing or null.</summary>
    public ButaneNode Required(string key) =>
        Optional(key) ?? throw Node.Source.Error(Node.Yaml.Start, Child(key), "required field is missing");

    /// <summary>Fails when more than one of <paramref name="keys"/> is set, pointing at the later one in the file.</summary>
    public void AtMostOne(params string[] keys)
    {
        var set = keys
            .Select(k => (Key: k, Value: Optional(k)))
            .Where(e => e.Value is not null)
            .OrderBy(e => e.Value!.Yaml.Start.Index)
            .ToList();
        if (set.Count > 1)
        {
            throw Node.Source.Error(
                set[1].Value!.Yaml.Start,
                Node.Path,
                $"only one of {string.Join(", ", keys)} may be set, got {set[0].Key} and {set[1].Key}");
        }
    }

    private string Child(string key) => Node.Path.Length == 0 ? key : $"{Node.Path}.{key}";
}
