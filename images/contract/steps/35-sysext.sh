# The built-in system extensions, as Flatcar's build_image --base_sysexts makes them
# (scripts: build_library/sysext_prod_builder, build_sysext) and its qemu_uefi image's OEM extension
# (build_library/vm_image_util.sh install_oem_sysext):
#   containerd-flatcar (Debian's containerd + runc) and docker-flatcar (docker.io + tini): their /usr
#   files move out of the base /usr into squashfs images /usr/share/flatcar/sysext/NAME.raw, linked
#   from /etc/extensions/NAME.raw, with Flatcar's units and drop-ins (images/contract/sysext/NAME/);
#   oem-qemu: an extension holding only its release file, on the OEM partition as
#   /oem/sysext/oem-qemu-VERSION.raw with the flag /oem/sysext/active-oem-qemu and /oem/oem-release;
#   the initramfs links it (dracut/99contract/contract-setup-root-after-ignition).
# The release files say what Flatcar's say (ID, VERSION_ID, ARCHITECTURE; no SYSEXT_LEVEL), with this
# OS's ID: the extensions are tied to this exact version, as Flatcar's are.
# Input: $IN_ROOTFS/rootfs, $VERSION, images/contract/sysext/. Output: $OUT/rootfs (hard-link copy of the
# input with the changes), $OUT/oem/ (the OEM partition's files), $OUT/NAME.raw.
r="$OUT/rootfs"
cp -al "$IN_ROOTFS/rootfs" "$r" # files are only ever moved, removed or replaced below, never edited
os_id=contract                  # steps/40-usr.sh writes ID=contract into os-release
oem_id=qemu                     # the UKI's flatcar.oem.id= (steps/50-uki.sh)
oem_version=0.0.2               # Flatcar's coreos-base/oem-qemu-0.0.2.ebuild
case $ARCH in
amd64) ext_arch=x86-64 ;; # systemd's architecture names, as build_sysext's SYSEXT_ARCHES
arm64) ext_arch=arm64 ;;
*) die "no systemd architecture name for $ARCH" ;;
esac
[[ -L $r/lib && -L $r/bin && -L $r/sbin ]] || die "the root filesystem is not merged-/usr; package paths below assume it is"

# extension_release TREE NAME: the release file build_sysext writes.
extension_release() {
    mkdir -p "$1/usr/lib/extension-release.d"
    printf 'ID=%s\nVERSION_ID=%s\nARCHITECTURE=%s\n' "$os_id" "$VERSION" "$ext_arch" \
        >"$1/usr/lib/extension-release.d/extension-release.$2"
}

# squash TREE NAME: the image (squashfs like Flatcar's; zstd at mksquashfs's default level for build time; timestamps from SOURCE_DATE_EPOCH).
squash() {
    mksquashfs "$1" "$OUT/$2.raw" -noappend -quiet -no-progress -comp zstd -b 512K -all-root \
        >"$OUT/$2.mksquashfs.log" 2>&1 ||
        { tail "$OUT/$2.mksquashfs.log" >&2; die "mksquashfs $2 failed"; }
}

# move_packages TREE PACKAGE...: each package's files under /usr move from the root filesystem into TREE;
# its files elsewhere (/etc/init.d, /etc/default, ...) are dropped, as build_sysext drops non-/usr paths.
move_packages() {
    local tree=$1 p f list path moved=0
    shift
    for p in "$@"; do
        list=
        for f in "$r/var/lib/dpkg/info/$p.list" "$r/var/lib/dpkg/info/$p:"*.list; do
            [[ -f $f ]] && { list=$f; break; }
        done
        [[ -n $list ]] || die "package $p is not installed (packages.txt)"
        while read -r path; do
            case $path in /bin/* | /sbin/* | /lib/* | /lib64/*) path=/usr$path ;; esac
            [[ -L $r$path || -f $r$path ]] || continue # directories stay; docs are gone already
            if [[ $path == /usr/* ]]; then
                mkdir -p "$tree$(dirname "$path")"
                mv "$r$path" "$tree$path"
                moved=$((moved + 1))
            else
                rm -f "$r$path"
            fi
        done <"$list"
    done
    ((moved > 0)) || die "no /usr files found for $*"
}

build_base_sysext() {
    local name=$1 tree="$OUT/$1"
    shift
    mkdir -p "$tree"
    move_packages "$tree" "$@"
    # Flatcar's mangle scripts (build_library/sysext_mangle_NAME) drop the stress tool and the rootless
    # helpers and contrib files (Debian ships no gen-manpages).
    rm -rf "$tree/usr/bin/containerd-stress" "$tree"/usr/bin/dockerd-rootless*.sh "$tree/usr/share/docker.io/contrib"
    cp -a --no-preserve=ownership "$CONTRACT_DIR/sysext/$name/." "$tree/"
    # Flatcar's units start /usr/bin/dockerd; Debian installs it in /usr/sbin.
    if [[ -e $tree/usr/sbin/dockerd && ! -e $tree/usr/bin/dockerd ]]; then
        ln -s ../sbin/dockerd "$tree/usr/bin/dockerd"
    fi
    extension_release "$tree" "$name"
    squash "$tree" "$name"
    install -D -m 0644 "$OUT/$name.raw" "$r/usr/share/flatcar/sysext/$name.raw"
    mkdir -p "$r/etc/extensions"
    ln -sfn "/usr/share/flatcar/sysext/$name.raw" "$r/etc/extensions/$name.raw"
    rm -rf "$tree"
}

build_base_sysext containerd-flatcar containerd runc
build_base_sysext docker-flatcar docker.io tini
# What the packages' maintainer scripts enabled in /etc: on Flatcar the extensions enable their units
# themselves (containerd.service through multi-user.target.wants inside containerd-flatcar, docker.socket
# through sockets.target's Upholds= inside docker-flatcar), so nothing in /etc names them.
rm -f "$r"/etc/systemd/system/*.wants/{containerd.service,docker.service,docker.socket}
for u in containerd.service docker.service docker.socket; do
    [[ ! -e $r/usr/lib/systemd/system/$u ]] || die "$u is still in the base /usr"
done
for b in containerd ctr runc docker dockerd; do
    [[ ! -e $r/usr/bin/$b && ! -e $r/usr/sbin/$b ]] || die "$b is still in the base /usr"
done

# systemd-sysext without O_DIRECT on its loop devices (SYSTEMD_LOOP_DIRECT_IO=0, systemd 252's switch) for every
# caller. A refresh or merge while the overlay is mounted opens the built-ins through it
# (/etc/extensions/NAME.raw -> /usr/share/flatcar/sysext/NAME.raw); Debian's 6.1 loop driver then enables direct
# I/O, since an overlay file has no block device to take the alignment from, and its 512-byte reads fail with EIO
# on the erofs-on-dm-verity /usr (4096-byte logical blocks). At boot /usr is the plain erofs and the loop driver
# refuses direct I/O by itself. Flatcar's /usr is btrfs with a newer kernel and systemd.
real_sysext=/usr/lib/contract/systemd-sysext
[[ -x $r/usr/bin/systemd-sysext && ! -L $r/usr/bin/systemd-sysext ]] || die "no /usr/bin/systemd-sysext to wrap"
mkdir -p "$r/usr/lib/contract"
mv "$r/usr/bin/systemd-sysext" "$r$real_sysext"
printf '#!/bin/sh
# Contract image: %s with loop devices in buffered mode (steps/35-sysext.sh says why).
SYSTEMD_LOOP_DIRECT_IO=${SYSTEMD_LOOP_DIRECT_IO:-0} exec %s "$@"
' \
    "$real_sysext" "$real_sysext" >"$r/usr/bin/systemd-sysext"
chmod 755 "$r/usr/bin/systemd-sysext"

# oem-qemu: Flatcar builds it from the metapackage coreos-base/oem-qemu, which installs nothing, so
# the image holds only its release file. oem-release is common-oem-files' (ID, VERSION_ID, NAME, HOME_URL,
# BUG_REPORT_URL of the oem-qemu ebuild).
oem_tree="$OUT/oem-$oem_id"
mkdir -p "$oem_tree/usr"
extension_release "$oem_tree" "oem-$oem_id"
squash "$oem_tree" "oem-$oem_id"
rm -rf "$oem_tree"
mkdir -p "$OUT/oem/sysext"
install -m 0644 "$OUT/oem-$oem_id.raw" "$OUT/oem/sysext/oem-$oem_id-$VERSION.raw"
touch -d "@$SOURCE_DATE_EPOCH" "$OUT/oem/sysext/active-oem-$oem_id"
printf 'ID=%s\nVERSION_ID=%s\nNAME="QEMU"\nHOME_URL="https://www.qemu.org/"\nBUG_REPORT_URL="https://issues.flatcar.org"\n' \
    "$oem_id" "$oem_version" >"$OUT/oem/oem-release"
