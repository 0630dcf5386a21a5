using System.Globalization;
using Harness.Machines;
using Harness.Ssh;
using Harness.Xunit;

namespace Tests.Cl.Ignition;

/// <summary>
/// cl.ignition.users (kola: cl.ignition.v2.users, cl.ignition.v1.groups, coreos.ignition.ssh.key): users and
/// groups from Ignition, down to logging in as the new user with the key Ignition installed.
/// </summary>
public sealed class IgnitionUsers
{
    private const string KolaUserKey =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAB1fH8Peivs7AmuVka7TLz5Tgg9ZVXkJBPo9udqJy4J kolauser@cl.ignition.users";

    private const string KolaUserPasswordHash =
        "$6$kolasalt$u5lLkyTcOAXXdNtQazrv8E4r7j5ah7ulIeZKh/xAx2X6OYSXzyBfb3X0x4.6BrMBp7ZFuKWyiy2aE0PoqP55f1";

    [OsTest("cl.ignition.users", FreshBoot = true)]
    public async Task Users_and_groups_take_ids_home_shell_groups_password_and_keys_from_Ignition()
    {
        // users.bu holds a fixed public key whose private half nobody has; a second key, made now, proves the login
        var keyDir = Directory.CreateTempSubdirectory("cl-ignition-users-");
        try
        {
            var loginKey = await SshKeyPair.GenerateAsync(keyDir.FullName, "kolauser-login@cl.ignition.users", CancellationToken.None);
            var spec = MachineSpec.FromButaneFile("ignition/users.bu")
                .WithIgnition(i => i.WithSshKey("kolauser", loginKey.PublicKey));
            await using var vm = await Session.StartAsync(spec);

            Assert.Equal("kolagroup:x:1501:", await vm.OutputAsync("getent group kolagroup"));
            Assert.Equal("kolaextra:x:1502:kolauser", await vm.OutputAsync("getent group kolaextra"));
            Assert.Equal(
                new PasswdEntry("kolauser", 1500, 1501, "Kola Test User", "/home/kolauser-home", "/bin/sh"),
                await vm.PasswdEntryAsync("kolauser"));
            Assert.Equal(
                "uid=1500(kolauser) gid=1501(kolagroup) groups=1501(kolagroup),1502(kolaextra)",
                await vm.OutputAsync("id kolauser"));
            Assert.Equal(KolaUserPasswordHash, await vm.OutputAsync("sudo getent shadow kolauser | cut -d: -f2"));
            Assert.Equal("directory kolauser:kolagroup", await vm.OutputAsync("stat -c '%F %U:%G' /home/kolauser-home"));

            // the SSH keys land in the fragment Flatcar merges into authorized_keys, readable by the user only
            var keys = await vm.PublicKeysAsync(["/home/kolauser-home/.ssh/authorized_keys.d/ignition"]);
            Assert.Contains(PublicKeyLine.WithoutComment(KolaUserKey), keys);
            Assert.Contains(loginKey.PublicKeyBlob, keys);
            Assert.Equal(
                "600 kolauser:kolagroup",
                await vm.OutputAsync("sudo stat -c '%a %U:%G' /home/kolauser-home/.ssh/authorized_keys.d/ignition"));

            // and sshd accepts them: log in as kolauser from inside the machine
            await vm.CopyToAsync(loginKey.PrivateKeyPath, "/home/core/kolauser-key");
            await vm.SucceedAsync("chmod 600 /home/core/kolauser-key");
            var login = await vm.SucceedAsync(
                "ssh -i /home/core/kolauser-key -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                + "-o LogLevel=ERROR kolauser@127.0.0.1 'id -un; echo $HOME; echo $SHELL'");
            Assert.Equal("kolauser\n/home/kolauser-home\n/bin/sh\n", login);

            // a system account without a home directory
            var system = await vm.PasswdEntryAsync("kolasystem");
            Assert.True(system.Uid < 1000, $"kolasystem should get a uid from the system range (< 1000): {system}");
            Assert.Equal("Kola System Account", system.Gecos);
            await vm.FailAsync($"sudo test -e '{system.Home}'");
        }
        finally
        {
            keyDir.Delete(recursive: true);
        }
    }
}
