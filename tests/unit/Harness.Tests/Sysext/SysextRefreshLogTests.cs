using Harness.Sysext;

namespace Harness.Tests.Sysext;

public sealed class SysextRefreshLogTests
{
    [Theory]
    [InlineData("Failed to dissect image /var/lib/extensions/kola-erofs.raw: Protocol driver not attached")]
    [InlineData("  kola-erofs.raw: unknown filesystem type 'erofs'  ")]
    [InlineData("Probed file system type of kola-erofs.raw failed: File system type not supported")]
    public void A_dissect_refusal_naming_the_extension_is_found_and_trimmed(string line)
    {
        var log = "Checking for extensions in /etc/extensions.\n" + line + "\nNo extensions found.\n";

        Assert.Equal(line.Trim(), SysextRefreshLog.DissectRefusal(log, "kola-erofs"));
    }

    [Theory]
    [InlineData("Failed to dissect image /var/lib/extensions/other.raw: Protocol driver not attached")]
    [InlineData("Extension 'kola-erofs' is not compatible: SYSEXT_LEVEL mismatch")]
    [InlineData("")]
    public void Other_messages_or_other_extensions_are_no_dissect_refusal(string line)
    {
        Assert.Null(SysextRefreshLog.DissectRefusal("Merging extensions.\n" + line + "\n", "kola-erofs"));
    }
}
