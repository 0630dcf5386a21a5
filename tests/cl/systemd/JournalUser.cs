using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Systemd;

/// <summary>
/// systemd.journal.user (kola: <c>systemd.journal.user</c>, flatcar/mantle kola/tests/systemd/journald.go): a lingering user's systemd runs a user unit from <c>/etc/systemd/user</c> and the user reads its
/// output with <c>journalctl --user</c>. kola provisions user flatcar (group systemd-journal), the linger file and
/// <c>hello.service</c> (<c>echo "Foo !"</c>) through Ignition and logs in as flatcar; here
/// <c>systemd/journal-user.sh</c> sets the same up on the default machine (<c>loginctl enable-linger</c> starts the
/// user's manager) and runs <c>journalctl --user</c> as flatcar. kola runs it from Flatcar 3549 on; the test carries
/// no <c>MinVersion</c> because the contract image's versions (1.0.x) are not Flatcar's.
/// </summary>
public sealed class JournalUser
{
    [OsTest("systemd.journal.user")]
    public async Task A_lingering_users_unit_logs_to_the_user_journal()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var journal = await vm.ScriptValuesAsync("systemd/journal-user.sh");

        Assert.True(journal["hello"].Contains("Foo !", StringComparison.Ordinal),
            $"journalctl --user as flatcar shows no 'Foo !' from hello.service after 20 s (lines with Foo: '{journal["hello"]}'); " +
            $"user@.service of flatcar is {journal["user.manager"]}");
    }
}
