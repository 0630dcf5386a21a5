using Harness.Machines;
using Harness.Xunit;

namespace Tests.Cl.Auth;

/// <summary>
/// coreos.auth.verify (kola: <c>coreos.auth.verify</c>, flatcar/mantle kola/tests/misc/auth.go): an invalid password
/// does not log anyone in over SSH. kola connects from the host with password authentication as core/asdf; here
/// <c>auth/password-login.sh</c> connects from the machine to its own network address (the same sshd and PAM stack)
/// with password and keyboard-interactive authentication, the password <c>asdf</c> given by <c>SSH_ASKPASS</c>, and
/// sshd must answer "Permission denied".
/// </summary>
public sealed class AuthVerify
{
    [OsTest("coreos.auth.verify")]
    public async Task An_invalid_password_does_not_log_core_in_over_ssh()
    {
        await using var vm = await Session.StartAsync(MachineSpec.Default);

        var attempt = await vm.ScriptValuesAsync("auth/password-login.sh");

        Assert.True(attempt["login"] == "denied",
            $"logging in as core with the password 'asdf' at {attempt["address"]} was {attempt["login"]}, expected denied; " +
            $"sshd offered '{attempt["offered"]}'; ssh said: {attempt["detail"]}");
    }
}
