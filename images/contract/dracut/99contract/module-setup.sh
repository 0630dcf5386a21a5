#!/bin/bash
# dracut module of the contract image: Flatcar's initramfs contract on top of Debian's Ignition
# module: disk GUID randomization, gptprio slot selection, /usr under dm-verity, first-boot flag on
# the ESP (Ignition runs only then), the quench that removes the flag, and a clear emergency message.

check() { return 255; } # only when asked for (--modules ... contract)

depends() { echo ignition systemd dm; }

installkernel() {
    hostonly='' instmods dm_mod dm_verity erofs ext4 virtio_blk virtio_pci virtio_net virtio_scsi sd_mod \
        qemu_fw_cfg crc32c_generic
}

install() {
    inst_multiple cgpt sgdisk blkid udevadm veritysetup mtools mdir mdel mtype od seq tr sed readlink \
        basename modprobe mkdir cat sleep mount umount mountpoint ln rm
    local f
    # mtools converts names through iconv (code page 850): without these it cannot read the ESP.
    for f in /usr/lib/*/gconv/IBM850.so /usr/lib/*/gconv/gconv-modules /usr/lib/*/gconv/gconv-modules.d/*.conf; do
        [[ -e $f ]] && inst_simple "$f"
    done
    # cgpt is the contract's wrapper (Flatcar's `show -A` word) in front of Debian's binary.
    inst_simple /usr/lib/contract/cgpt.vboot
    for f in boot-disk disk-uuid first-boot gptprio verity-setup; do
        inst_script "/usr/lib/contract/$f" "/usr/lib/contract/$f"
    done
    # Debian's Ignition always relabels at the end of the files stage; there is no SELinux here.
    inst_script "$moddir/setfiles" /usr/sbin/setfiles
    # Every boot: the OEM system extension's link (Flatcar's 99setup-root unit of the same name).
    inst_script "$moddir/initrd-setup-root-after-ignition" /sbin/initrd-setup-root-after-ignition
    # Replaces Debian's ignition-generator (which keys on ignition.firstboot): Ignition's units are
    # always queued and run only when contract-first-boot.service found the first_boot flag.
    cp -f "$moddir/contract-generator" "$initdir$systemdutildir/system-generators/ignition-generator"
    chmod 755 "$initdir$systemdutildir/system-generators/ignition-generator"

    for f in contract-disk-uuid.service contract-first-boot.service contract-usr-select.service \
        contract-verity-setup.service ignition-quench.service initrd-setup-root-after-ignition.service; do
        inst_simple "$moddir/$f" "$systemdsystemunitdir/$f"
    done
    mkdir -p "$initdir$systemdsystemunitdir/initrd.target.requires" \
        "$initdir$systemdsystemunitdir/ignition-complete.target.requires"
    for f in contract-disk-uuid.service contract-first-boot.service contract-usr-select.service \
        contract-verity-setup.service initrd-setup-root-after-ignition.service; do
        ln_r "$systemdsystemunitdir/$f" "$systemdsystemunitdir/initrd.target.requires/$f"
    done
    ln_r "$systemdsystemunitdir/ignition-quench.service" \
        "$systemdsystemunitdir/ignition-complete.target.requires/ignition-quench.service"
    inst_simple "$moddir/ignition-first-boot.conf" "$systemdsystemunitdir/ignition-.service.d/10-contract-first-boot.conf"
    inst_simple "$moddir/networkd-on-demand.conf" "$systemdsystemunitdir/systemd-networkd.service.d/10-contract-on-demand.conf"
    inst_simple "$moddir/ignition-fetch-network.conf" "$systemdsystemunitdir/ignition-fetch.service.d/10-contract-network.conf"
    # The netlink socket would otherwise keep triggering the skipped service (trigger limit hit).
    inst_simple "$moddir/networkd-socket-on-demand.conf" "$systemdsystemunitdir/systemd-networkd.socket.d/10-contract-on-demand.conf"
    # DHCP on ethernet when Ignition needs the network (the same default as the booted system).
    inst_simple /usr/lib/systemd/network/zz-default.network
    # Device units may take longer than 90 s to appear under emulation on a busy host.
    inst_simple /usr/lib/systemd/system.conf.d/10-contract-slow-hosts.conf
    # dracut-pre-udev only runs the dm module's hook (modprobe dm_mod dm_mirror) and holds udevd
    # back for seconds under TCG; verity-setup loads dm_mod/dm_verity itself.
    mkdir -p "$initdir/etc/systemd/system"
    ln -sf /dev/null "$initdir/etc/systemd/system/dracut-pre-udev.service"
    # Nothing for these to do here, and each costs emulated CPU at every boot: root= names the root (no
    # GPT auto-discovery), and the kernel command line has no ip= (Ignition's network is zz-default.network).
    mkdir -p "$initdir/etc/systemd/system-generators"
    ln -sf /dev/null "$initdir/etc/systemd/system-generators/systemd-gpt-auto-generator"
    ln -sf /dev/null "$initdir/etc/systemd/system/systemd-network-generator.service"
    inst_hook emergency 00 "$moddir/contract-emergency.sh"
}
