using System.Globalization;

namespace Harness.Machines;

/// <summary>
/// One account as <c>getent passwd NAME</c> prints it (<c>name:x:uid:gid:gecos:home:shell</c>;
/// <see cref="Machine.PasswdEntryAsync"/>).
/// </summary>
/// <param name="Name">Login name.</param>
/// <param name="Uid">User id.</param>
/// <param name="Gid">Primary group id.</param>
/// <param name="Gecos">The comment field (full name).</param>
/// <param name="Home">Home directory.</param>
/// <param name="Shell">Login shell.</param>
public sealed record PasswdEntry(string Name, int Uid, int Gid, string Gecos, string Home, string Shell)
{
    /// <summary>Reads one passwd line.</summary>
    /// <exception cref="FormatException">It is not seven colon-separated fields with numeric ids; the message quotes it and <paramref name="what"/>.</exception>
    public static PasswdEntry Parse(string line, string what)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Trim().Split(':');
        if (fields.Length != 7
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            throw new FormatException($"{what}: expected name:password:uid:gid:gecos:home:shell, got '{line.Trim()}'");
        }

        return new PasswdEntry(fields[0], uid, gid, fields[4], fields[5], fields[6]);
    }

    /// <summary>The passwd line (<c>name:x:uid:gid:gecos:home:shell</c>), for messages.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}:x:{Uid}:{Gid}:{Gecos}:{Home}:{Shell}");
}
