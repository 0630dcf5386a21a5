using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Systemd;

/// <summary>
/// systemd.sysusers.gshadow (kola: <c>systemd.sysusers.gshadow</c>, flatcar/mantle kola/tests/systemd/sysusers.go,
/// coreos/bugs#1394): <c>systemd-sysusers</c> runs cleanly after kola's three lines were appended to
/// <c>/etc/gshadow</c>, one of which fits glibc's 1024-byte line buffer but not with its 48 members' pointers (glibc
/// once returned early there and left sysusers dereferencing the previous line's freed pointers: a segfault).
/// <c>systemd/sysusers-gshadow.sh</c> appends the lines and runs sysusers.
/// </summary>
public sealed class SysusersGshadow
{
    [OsTest("systemd.sysusers.gshadow")]
    public async Task Sysusers_runs_cleanly_over_a_gshadow_line_with_many_members()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var run = await vm.ScriptValuesAsync("systemd/sysusers-gshadow.sh");

        Assert.True(run.Long("appended") == 3, $"/etc/gshadow should have kola's 3 lines, has {run["appended"]}");
        Assert.True(run["sysusers.exit"] == "0",
            $"systemd-sysusers exited {run["sysusers.exit"]} (139: segfault) over the appended /etc/gshadow lines: {run["sysusers.output"]}");
    }
}
