# Configure the root filesystem as a contract node (version independent).
# Input: $IN_BOOTSTRAP/rootfs, images/contract/rootfs (files copied over it). Output: $OUT/rootfs.
r="$OUT/rootfs"
cp -a --reflink=auto "$IN_BOOTSTRAP/rootfs" "$r"

# Our files, owned by root.
cp -r --no-preserve=ownership "$CONTRACT_DIR/rootfs/." "$r/"
chmod 0440 "$r/etc/sudoers.d/contract"
mkdir -p "$r/usr/share/doc/contract"
cp "$CONTRACT_DIR/README.md" "$r/usr/share/doc/contract/README.md" 2>/dev/null || true

# No SSH host keys in the image: sshd-keygen.service creates missing ones at boot, after Ignition
# had the chance to inject its own.
rm -f "$r"/etc/ssh/ssh_host_*

# First boot = uninitialized machine-id: systemd then applies presets (Ignition enables units
# through /etc/systemd/system-preset) and ConditionFirstBoot holds.
printf 'uninitialized\n' >"$r/etc/machine-id"
rm -f "$r/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$r/var/lib/dbus/machine-id"

cat >"$r/etc/hosts" <<'HOSTS'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
HOSTS

# User core, uid/gid 500 like Flatcar, passwordless sudo through group sudo (and wheel).
in_chroot "$r" groupadd -r wheel
in_chroot "$r" groupadd -r -f docker # -f: docker.io's postinst may have made it
in_chroot "$r" groupadd -g 500 core
in_chroot "$r" useradd -u 500 -g 500 -m -s /bin/bash -c "Core User" \
    -G sudo,wheel,adm,systemd-journal,docker core
in_chroot "$r" usermod -p '*' core
in_chroot "$r" passwd -l root >/dev/null

# Units: what runs, what doesn't. Masked units cannot be re-enabled by presets on first boot.
in_chroot "$r" systemctl enable sshd.socket sshd-keygen.service sshd-keygen-missing.service systemd-networkd.service \
    systemd-resolved.service systemd-sysext.service extend-filesystems.service >/dev/null 2>&1
# Units Debian's packages enabled that the contract leaves off: the first boot's presets only ever enable
# (systemd 252 presets in enable-only mode), so "disable *" in 99-default.preset does not undo them.
# etcd is started by the tests that need it, through Ignition (cl.etcd.cluster).
in_chroot "$r" systemctl disable ssh.service systemd-networkd-wait-online.service getty@tty1.service \
    e2scrub_reap.service etcd.service >/dev/null 2>&1
# Flatcar has no etcd.service, only etcd-member.service (our rootfs/, after coreos-overlay app-admin/etcd-wrapper),
# which runs etcd as user etcd (uid/gid 232 in flatcar/baselayout share/baselayout/passwd). Drop the package's
# unit and SysV script so nothing can start etcd but etcd-member.service.
rm -f "$r/usr/lib/systemd/system/etcd.service" "$r/etc/init.d/etcd" "$r"/etc/rc?.d/[SK][0-9][0-9]etcd "$r/etc/default/etcd" \
    "$r/etc/systemd/system/etcd2.service" "$r/etc/systemd/system/multi-user.target.wants/etcd.service"
in_chroot "$r" groupmod -g 232 etcd
in_chroot "$r" usermod -u 232 -g 232 etcd
for u in apt-daily.timer apt-daily-upgrade.timer apt-daily.service apt-daily-upgrade.service \
    dpkg-db-backup.timer dpkg-db-backup.service e2scrub_all.timer e2scrub_reap.service \
    fstrim.timer systemd-firstboot.service systemd-hwdb-update.service ldconfig.service \
    systemd-pstore.service; do
    in_chroot "$r" systemctl mask "$u" >/dev/null 2>&1
done
# Generators with nothing to generate here, masked (systemd.generator(7)): PID 1 runs every generator at
# each start and daemon-reload, about 0.15 s of emulated CPU each. The node has no crypttab, integritytab,
# veritytab (the initramfs opens /usr under dm-verity), hibernation, rc.local, SysV scripts without a
# native unit, offline-update symlink or systemd.run=; fstab mounts the partitions, not GPT auto-discovery.
mkdir -p "$r/etc/systemd/system-generators"
for g in systemd-cryptsetup-generator systemd-integritysetup-generator systemd-veritysetup-generator \
    systemd-hibernate-resume-generator systemd-rc-local-generator systemd-sysv-generator \
    systemd-system-update-generator systemd-run-generator systemd-gpt-auto-generator; do
    [[ -e $r/usr/lib/systemd/system-generators/$g ]] || die "generator $g is gone from the image: update this list"
    ln -sfn /dev/null "$r/etc/systemd/system-generators/$g"
done
# Persistent journal, like Flatcar.
mkdir -p "$r/var/log/journal"

# Size: no documentation or translations in the image.
rm -rf "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/*
find "$r/usr/share/doc" -mindepth 1 -maxdepth 1 ! -name contract -exec rm -rf {} +
rm -rf "$r"/var/cache/apt/*.bin "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old "$r"/var/log/*.log \
    "$r"/var/log/apt/*

# cgpt: Flatcar's prints `show -i N -A` as the whole 64-bit attribute word (seismograph cgpt_show.c);
# Debian's binary moves aside for the wrapper /usr/lib/contract/cgpt that does.
in_chroot "$r" dpkg-divert --quiet --local --rename --divert /usr/lib/contract/cgpt.vboot --add /usr/bin/cgpt
ln -sf ../lib/contract/cgpt "$r/usr/bin/cgpt"

# Flatcar's file system and accounts as kola checks them (flatcar/mantle kola/tests/misc/files.go, users.go):
# set-id bits only on files Flatcar has them on: dbus's launch helper at Flatcar's path (dbus-daemon still finds it
# at Debian's through a symlink), no set-id ssh-keysign or ssh-agent, unix_chkpwd SUID root as Gentoo's pam has it.
mkdir -p "$r/usr/libexec"
mv "$r/usr/lib/dbus-1.0/dbus-daemon-launch-helper" "$r/usr/libexec/dbus-daemon-launch-helper"
ln -s ../../libexec/dbus-daemon-launch-helper "$r/usr/lib/dbus-1.0/dbus-daemon-launch-helper"
chmod u-s "$r/usr/lib/openssh/ssh-keysign"
chmod g-s "$r/usr/bin/ssh-agent"
chgrp root "$r/usr/sbin/unix_chkpwd"
chmod 4755 "$r/usr/sbin/unix_chkpwd"
# No perl and no /usr/share/man (kola's blacklist), and no links left dangling by what the image drops.
rm -f "$r/usr/bin/perl"
rm -rf "$r/usr/share/man"
find "$r/etc/alternatives" -lname '/usr/share/man/*' -delete
rm -f "$r/var/log/README" "$r"/vmlinuz "$r"/vmlinuz.old "$r"/initrd.img "$r"/initrd.img.old
# docker's SysV script goes with the docker-flatcar extension (35-sysext.sh); its rc links go now.
rm -f "$r"/etc/rc?.d/[SK][0-9][0-9]docker
# System accounts' shell is /sbin/nologin, as in flatcar/baselayout's passwd.
sed -i 's#:/usr/sbin/nologin$#:/sbin/nologin#' "$r/etc/passwd"
