# A Debian 12 root filesystem with the contract image's packages, unconfigured.
# Input: packages.txt. Output: $OUT/rootfs.
rootfs="$OUT/rootfs"
mirror=$(debian_mirror)
log "debootstrap $DEBIAN_SUITE ($DEB_ARCH) from $mirror"
debootstrap --variant=minbase --arch="$DEB_ARCH" "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$OUT/debootstrap.log" 2>&1 ||
    { tail -n 20 "$OUT/debootstrap.log" >&2; die "debootstrap failed"; }

mapfile -t pkgs < <(sed -e 's/#.*//' -e "s/@KERNEL@/$KERNEL_PKG/" "$CONTRACT_DIR/packages.txt" | grep -v '^\s*$')
pkgs+=("${ARCH_PACKAGES[@]}")
# No daemons may start inside the build chroot.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"
log "apt-get install ${#pkgs[@]} packages"
# INITRD=No: the kernel's postinst must not run dracut here; step 30 builds the initramfs.
in_chroot "$rootfs" apt-get install -y -q --no-install-recommends "${pkgs[@]}" >"$OUT/apt.log" 2>&1 ||
    { tail -n 30 "$OUT/apt.log" >&2; die "apt-get install failed"; }
in_chroot "$rootfs" apt-get clean
rm -f "$rootfs/usr/sbin/policy-rc.d"
rm -rf "$rootfs/var/lib/apt/lists/"*
in_chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' >"$OUT/packages.lock"
