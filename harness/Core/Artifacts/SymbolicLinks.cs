using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Harness.Artifacts;

/// <summary>Replaces symbolic links atomically (POSIX <c>rename(2)</c> over the old link).</summary>
internal static partial class SymbolicLinks
{
    /// <summary>
    /// Points <paramref name="linkPath"/> at <paramref name="target"/> (relative targets resolve from the link's folder),
    /// replacing an existing link in one step, so readers always see either the old or the new target.
    /// </summary>
    public static void Replace(string linkPath, string target)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(linkPath))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(linkPath)}.{Guid.NewGuid():N}.tmp");
        File.CreateSymbolicLink(temp, target);
        try
        {
            // File.Move refuses a source that is a link to a folder, so call rename(2) directly.
            if (Rename(temp, linkPath) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot point {linkPath} at {target}: {new Win32Exception(errno).Message}");
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
