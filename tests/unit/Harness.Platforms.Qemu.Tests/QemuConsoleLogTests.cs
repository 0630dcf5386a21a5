using System.Text;

namespace Harness.Platforms.Qemu.Tests;

public sealed class QemuConsoleLogTests : IDisposable
{
    private readonly TempDir _dir = new("hq-con");

    public void Dispose() => _dir.Dispose();

    private static void Append(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }

    [Fact]
    public void A_missing_file_reads_as_empty()
    {
        Assert.Equal("", new QemuConsoleLog(_dir.File("console.txt")).ReadAll());
    }

    [Fact]
    public void Reads_are_incremental_and_keep_multibyte_characters_split_across_writes()
    {
        var path = _dir.File("console.txt");
        var log = new QemuConsoleLog(path);
        var euro = Encoding.UTF8.GetBytes("€");

        Append(path, [.. "boot "u8.ToArray(), euro[0]]);
        Assert.Equal("boot ", log.ReadAll());
        Append(path, [euro[1], euro[2], .. " ok\n"u8.ToArray()]);

        Assert.Equal("boot € ok\n", log.ReadAll());
    }

    [Fact]
    public void Invalid_utf8_is_replaced()
    {
        var path = _dir.File("console.txt");
        File.WriteAllBytes(path, [0x61, 0xFF, 0x62]);

        Assert.Equal("a\uFFFDb", new QemuConsoleLog(path).ReadAll());
    }

    [Fact]
    public void A_recreated_file_is_read_from_the_start()
    {
        var path = _dir.File("console.txt");
        var log = new QemuConsoleLog(path);
        File.WriteAllText(path, "first attempt, a long line\n");
        log.ReadAll();

        File.WriteAllText(path, "second\n");

        Assert.Equal("second\n", log.ReadAll());
    }

    [Fact]
    public void The_clean_read_drops_firmware_escape_sequences_and_carriage_returns()
    {
        var path = _dir.File("console.txt");
        File.WriteAllText(path, "\e[2J\e[01;01H\e[=3h\e[2J\e[01;01HBdsDxe: loading Boot0001\r\n\e[1m\e[33m\e[40mMapping table\e[0m\e[37m\e[40m\r\nlocalhost login: ");

        Assert.Equal("BdsDxe: loading Boot0001\nMapping table\nlocalhost login: ", new QemuConsoleLog(path).ReadAllClean());
    }
}
