namespace Harness.Ssh;

/// <summary>OpenSSH public key lines (<c>type base64 [comment]</c>, as in <c>.pub</c> files and <c>authorized_keys</c>).</summary>
public static class PublicKeyLine
{
    /// <summary>The key without its comment or surrounding white space: <c>type base64</c>.</summary>
    public static string WithoutComment(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(2));
    }
}
