# The initramfs (dracut, run inside the image's root filesystem) and the kernel.
# Input: $IN_ROOTFS/rootfs, images/contract/dracut/. Output: $OUT/initrd.img, $OUT/vmlinuz, $OUT/kver.
# The initramfs is lean on purpose (boot time under TCG): an explicit dracut module list, only the
# drivers a QEMU/cloud VM needs, lz4 compression.
chroot="$OUT/chroot"
# A hard-link copy: dracut only creates files, so the cached root filesystem stays untouched.
cp -al "$IN_ROOTFS/rootfs" "$chroot"
mkdir -p "$chroot/usr/lib/dracut/modules.d/99contract"
cp -r "$CONTRACT_DIR/dracut/99contract/." "$chroot/usr/lib/dracut/modules.d/99contract/"
# Leaner than dracut's defaults (files replaced in the copy are unlinked first, never edited in
# place): no 13 MB udev hwdb, and only virtio networking instead of every ethernet driver.
rm -f "$chroot/usr/lib/udev/hwdb.bin" "$chroot/etc/udev/hwdb.bin"
netmod="$chroot/usr/lib/dracut/modules.d/90kernel-network-modules/module-setup.sh"
rm -f "$netmod"
printf '%s\n' '#!/bin/bash' 'check() { return 255; }' 'depends() { return 0; }' \
    'installkernel() { hostonly="" instmods virtio_net net_failover af_packet; }' 'install() { return 0; }' >"$netmod"
for m in "$CONTRACT_DIR"/dracut/overrides/*/; do
    m=$(basename "$m")
    rm -f "$chroot/usr/lib/dracut/modules.d/$m/module-setup.sh"
    cp "$CONTRACT_DIR/dracut/overrides/$m/module-setup.sh" "$chroot/usr/lib/dracut/modules.d/$m/module-setup.sh"
done
kver=$(ls "$chroot/usr/lib/modules")
[[ $(wc -w <<<"$kver") == 1 ]] || die "expected one kernel in the image, found: $kver"

modules="systemd systemd-initrd systemd-journald systemd-udevd systemd-modules-load systemd-tmpfiles
    dracut-systemd base fs-lib udev-rules dm qemu ignition contract"
drivers="dm_mod dm_verity erofs ext4 crc32c_generic virtio_blk virtio_scsi sd_mod virtio_pci virtio_net
    qemu_fw_cfg af_packet"
omit_drivers="dm-crypt dm-raid raid[0-9]+ raid456 md-mod dm-thin-pool dm-cache.* dm-era dm-integrity dm-writecache
    dm-zoned dm-snapshot dm-mirror dm-multipath dm-log.* dm-switch dm-unstripe dm-delay dm-flakey dm-zero
    dm-region-hash dm-round-robin dm-queue-length dm-service-time dm-bio-prison faulty linear multipath bcache
    raid6_pq async_.* xor hv_vmbus hv_.* ata_generic ata_piix libata sr_mod cdrom"
in_chroot "$chroot" dracut --no-hostonly --no-hostonly-cmdline --force --reproducible \
    --modules "$(echo $modules)" --drivers "$(echo $drivers)" \
    --omit-drivers "$(echo $omit_drivers)" \
    --omit ifcfg --no-compress --no-early-microcode \
    /var/tmp/initrd.img "$kver" >"$OUT/dracut.log" 2>&1 ||
    { tail -n 30 "$OUT/dracut.log" >&2; die "dracut failed"; }
# lz4 (legacy frame format, what the kernel unpacks) decompresses fastest under TCG; compressed on
# the host because the image itself has no lz4 binary for dracut to call.
lz4 -l -9 -q "$chroot/var/tmp/initrd.img" "$OUT/initrd.img"
cp "$chroot/boot/vmlinuz-$kver" "$OUT/vmlinuz"
echo "$kver" >"$OUT/kver"
rm -rf "$chroot"
