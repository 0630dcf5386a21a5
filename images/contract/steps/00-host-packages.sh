# Install the host tools the build (and the smoke test) need, only those that are missing.
# A foreign architecture (arm64 on an amd64 host): debootstrap and every chroot step run the image's
# binaries through qemu-user-static, which binfmt_misc must know. Containers often lack the mount; it
# comes first, so qemu-user-static's own registration at install time finds it.
foreign=0
binfmt=/proc/sys/fs/binfmt_misc
if [[ -n $FOREIGN_BINFMT && $(uname -m) != "$UNAME_ARCH" ]]; then
    foreign=1
    mountpoint -q "$binfmt" || mount -t binfmt_misc binfmt_misc "$binfmt" ||
        die "cannot mount binfmt_misc on $binfmt, which running $ARCH binaries on this $(uname -m) host needs (run the build as root on a host that allows it)"
fi

needed=(debootstrap mtools dosfstools gdisk cgpt erofs-utils cryptsetup-bin qemu-utils jq openssh-client
    util-linux e2fsprogs coreutils lz4 squashfs-tools "${HOST_ARCH_PACKAGES[@]}")
missing=()
for p in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    log "installing host packages: ${missing[*]}"
    apt-get update -qq
    # Another apt (a second image build beside this one) may hold the lock: wait for it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
fi

if ((foreign)); then
    [[ -e $binfmt/$FOREIGN_BINFMT ]] || update-binfmts --enable "$FOREIGN_BINFMT" ||
        die "cannot register $FOREIGN_BINFMT with binfmt_misc (package qemu-user-static); $ARCH binaries cannot run on this host"
    grep -q '^flags: .*F' "$binfmt/$FOREIGN_BINFMT" ||
        die "$binfmt/$FOREIGN_BINFMT lacks the F (fix binary) flag, so the interpreter is not found inside a chroot; re-register it with update-binfmts --enable $FOREIGN_BINFMT"
fi
