using Harness.Sysext;

namespace Harness.Tests.Sysext;

public class SysextStatusTests
{
    [Fact]
    public void Systemd_252_prints_none_for_an_unmerged_hierarchy()
    {
        var status = SysextStatus.Parse("""[{"hierarchy":"/opt","extensions":"none","since":null},{"hierarchy":"/usr","extensions":"none","since":null}]""");

        Assert.Empty(status.MergedInto("/usr"));
        Assert.Empty(status.MergedInto("/opt"));
    }

    [Fact]
    public void Merged_extensions_are_an_array_of_names()
    {
        var status = SysextStatus.Parse("""[{"hierarchy":"/opt","extensions":"none","since":null},{"hierarchy":"/usr","extensions":["a","hello"],"since":1795251461218587}]""");

        Assert.Equal(["a", "hello"], status.MergedInto("/usr"));
        Assert.Empty(status.MergedInto("/opt"));
    }

    [Fact]
    public void Newer_systemd_prints_an_empty_array()
    {
        Assert.Empty(SysextStatus.Parse("""[{"hierarchy":"/usr","extensions":[],"since":null}]""").MergedInto("/usr"));
    }

    [Fact]
    public void Something_else_is_a_format_error_quoting_it()
    {
        var e = Assert.Throws<FormatException>(() => SysextStatus.Parse("HIERARCHY EXTENSIONS SINCE"));

        Assert.Contains("HIERARCHY EXTENSIONS SINCE", e.Message, StringComparison.Ordinal);
    }
}
