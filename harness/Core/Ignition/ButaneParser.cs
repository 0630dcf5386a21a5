using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Harness.Ignition;

/// <summary>
/// The YAML parser the Butane deserializer reads from: it passes events through and remembers where they stand,
/// the field path of the current node (<c>storage.files[1].mode</c>), the last key and the last mapping, so that
/// errors name the field, line and column. It also rejects a key given twice in one mapping, as go-yaml does.
/// </summary>
internal sealed class ButaneParser(IParser inner) : IParser
{
    private readonly Stack<Frame> _frames = new();

    /// <inheritdoc />
    public ParsingEvent? Current => inner.Current;

    /// <summary>The field path of the node the parser stands on (for a key: of the value it names).</summary>
    public string Path { get; private set; } = "";

    /// <summary>Whether the node the parser stands on is an item of a list.</summary>
    public bool IsListItem { get; private set; }

    /// <summary>Where the last mapping key started.</summary>
    public Mark KeyStart { get; private set; } = Mark.Empty;

    /// <summary>Where the last mapping started, and its field path.</summary>
    public (Mark Start, string Path) LastMapping { get; private set; } = (Mark.Empty, "");

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                break;
            case NodeEvent node:
                Enter(node);
                break;
        }
        return true;
    }

    private void Enter(NodeEvent node)
    {
        IsListItem = _frames.TryPeek(out var parent) && !parent.IsMapping;
        if (parent is not null)
        {
            if (parent.IsMapping && parent.ExpectKey)
            {
                var key = (node as Scalar)?.Value ?? "";
                if (!parent.Keys.Add(key))
                {
                    throw new YamlException(node.Start, node.End, $"Duplicate key {key}");
                }
                parent.Key = key;
                parent.ExpectKey = false;
                KeyStart = node.Start;
                Path = Child(parent.Path, key);
            }
            else if (parent.IsMapping)
            {
                parent.ExpectKey = true;
                Path = Child(parent.Path, parent.Key);
            }
            else
            {
                Path = $"{parent.Path}[{parent.Index++}]";
            }
        }
        else
        {
            Path = "";
        }
        if (node is MappingStart)
        {
            LastMapping = (node.Start, Path);
            _frames.Push(new Frame(Path, IsMapping: true));
        }
        else if (node is SequenceStart)
        {
            _frames.Push(new Frame(Path, IsMapping: false));
        }
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed record Frame(string Path, bool IsMapping)
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectKey { get; set; } = true;

        public string Key { get; set; } = "";

        public int Index { get; set; }
    }
}
