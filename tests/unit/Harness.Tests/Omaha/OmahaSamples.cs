using Harness.Tests.Ignition;

namespace Harness.Tests.Omaha;

/// <summary>Request bodies in the shape update_engine sends (samples/*.xml), with the fields tests vary.</summary>
internal static class OmahaSamples
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "unit", "Harness.Tests", "Omaha", "samples", name));

    /// <summary>An update check from a client running <paramref name="version"/> in <paramref name="track"/>.</summary>
    public static string UpdateCheck(string version = "1.0.0", string track = "developer") =>
        Read("update-check.xml").Replace("version=\"1.0.0\"", $"version=\"{version}\"", StringComparison.Ordinal)
            .Replace("track=\"developer\"", $"track=\"{track}\"", StringComparison.Ordinal);
}
