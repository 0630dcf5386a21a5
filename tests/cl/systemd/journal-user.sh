#!/bin/bash
# kola's systemd.journal.user (flatcar/mantle kola/tests/systemd/journald.go), set up at run time instead of through
# Ignition: user flatcar in group systemd-journal, lingering, with the user unit hello.service (echo "Foo !") wanted
# by the user's default.target, then, as flatcar, `journalctl --user` until it shows Foo (kola: 10 tries 2 s apart).
# Prints
#   user.manager=ActiveState of the user's systemd (user@UID.service)
#   hello=the user journal's lines containing Foo ("; " between them; empty when none)
set -euo pipefail
id flatcar >/dev/null 2>&1 || useradd -m -G systemd-journal flatcar
mkdir -p /etc/systemd/user/default.target.wants
cat >/etc/systemd/user/hello.service <<'UNIT'
[Unit]
Description=A hello world unit!

[Service]
Type=oneshot
ExecStart=/usr/bin/echo "Foo !"

[Install]
WantedBy=default.target
UNIT
ln -sfn /etc/systemd/user/hello.service /etc/systemd/user/default.target.wants/hello.service
# kola's config creates /var/lib/systemd/linger/flatcar before the first boot; on a running machine logind starts
# the lingering user's manager when told
loginctl enable-linger flatcar

uid=$(id -u flatcar)
hello=""
for _ in $(seq 1 10); do
    hello=$(runuser -u flatcar -- journalctl --user --no-pager -o cat 2>/dev/null | grep Foo || true)
    [[ -n $hello ]] && break
    sleep 2
done
printf 'user.manager=%s\nhello=%s\n' "$(systemctl show -p ActiveState --value "user@$uid.service")" "${hello//$'\n'/; }"
