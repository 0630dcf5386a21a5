using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Users;

/// <summary>
/// cl.users.shells (kola: <c>cl.users.shells</c>, flatcar/mantle kola/tests/misc/users.go): every account
/// <c>getent passwd</c> lists has <c>/sbin/nologin</c> as its shell, or the shell Flatcar gives it
/// (<see cref="FlatcarShells"/>; <c>/bin/sh</c> counts as <c>/bin/bash</c>), checked by <c>users/shells.sh</c>.
/// </summary>
public sealed class UserShells
{
    /// <summary>kola's <c>ValidUsers</c>: the accounts Flatcar gives a shell other than /sbin/nologin.</summary>
    private static readonly string[] FlatcarShells =
    [
        "root=/bin/bash",
        "sync=/bin/sync",
        "shutdown=/sbin/shutdown",
        "halt=/sbin/halt",
        "core=/bin/bash",
    ];

    [OsTest("cl.users.shells")]
    public async Task Accounts_have_nologin_or_the_shell_flatcar_gives_them()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var accounts = await vm.ScriptValuesAsync("users/shells.sh", FlatcarShells);

        Assert.True(accounts.Long("accounts") > 0, "getent passwd listed no account");
        var invalid = accounts.All("invalid");
        Assert.True(invalid.Count == 0, $"accounts with a shell Flatcar does not give them:\n  {string.Join("\n  ", invalid)}");
    }
}
