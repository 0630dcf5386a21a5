# shellcheck shell=bash
# Common functions for the contract image builder, smoke test and benchmark.

CONTRACT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$CONTRACT_DIR/../.." && pwd)
ARTIFACTS="$REPO_ROOT/artifacts/images"
DEBIAN_SUITE=bookworm

# shellcheck source=arch.sh
. "$CONTRACT_DIR/lib/arch.sh"

log() { printf '%(%H:%M:%S)T contract: %s\n' -1 "$*" >&2; }
die() { printf 'contract: error: %s\n' "$*" >&2; exit 1; }

# Fixed identities from Flatcar's disk layout (research/flatcar-os.md §1.1).
GUID_ESP=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
GUID_USR=5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6
GUID_LINUX_DATA=0FC63DAF-8483-4772-8E79-3D69D8477DE4
GUID_RESIZE=3884DD41-8582-4404-B9A8-E9B84F2DF50E
UUID_USR_A=7130c94a-213a-4e5a-8e26-6cce9662f132
UUID_USR_B=e03dd35c-7c2d-4a47-b3fe-27f15780a57c
DISK_GUID_FRESH=00000000-0000-0000-0000-000000000001

validate_version() {
    [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+~-][0-9A-Za-z.+~-]+)?$ ]] ||
        die "bad --version '$1' (expected MAJOR.MINOR.PATCH, e.g. 1.0.0 or 1.2.3-rc1)"
}

# The Debian mirror this host's apt uses (debootstrap needs it explicitly).
debian_mirror() {
    local uri
    uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
        grep -oE 'https?://[^ ]*debian/?' | grep -v security | head -n1)
    echo "${uri:-http://deb.debian.org/debian}"
}

# input_hash PATH... : a stable hash over file names and contents (directories recurse),
# plus whatever is on stdin (parameters).
input_hash() {
    {
        cat
        local p
        for p in "$@"; do
            if [[ -d $p ]]; then
                (cd "$p" && find . -type f -o -type l | LC_ALL=C sort | while read -r f; do
                    printf '%s %s\n' "$f" "$(stat -c %a "$f")"
                    if [[ -L $f ]]; then readlink "$f"; else cat "$f"; fi
                done)
            else
                printf '%s\n' "${p#"$CONTRACT_DIR"/}"
                cat "$p"
            fi
        done
    } | sha256sum | cut -c1-16
}

# run_step NAME PARENT_KEY [INPUT_PATH...]
# The key covers the step script, lib/common.sh, lib/arch.sh (not lib/vm.sh: boot helpers), the
# input paths, the parent step's key, the architecture and $STEP_PARAMS (e.g. the version).
# Runs steps/NAME.sh unless its output for the same inputs is already complete. Each step writes
# into $OUT (a temporary directory renamed on success, so an interrupted step is never reused).
# Sets STEP_KEY and STEP_DIR for the caller. Extra parameters go in $STEP_PARAMS.
run_step() {
    local name=$1 parent=$2
    shift 2
    local script="$CONTRACT_DIR/steps/$name.sh" key dir
    key=$(printf '%s\n' "$parent" "$ARCH" "${STEP_PARAMS:-}" |
        input_hash "$script" "$CONTRACT_DIR/lib/common.sh" "$CONTRACT_DIR/lib/arch.sh" "$@")
    dir="$WORK/$name/$key"
    if [[ -e $dir/.complete ]]; then
        log "$name: cached ($key)"
    else
        local start=$SECONDS
        log "$name: building ($key)"
        rm -rf "$dir.tmp"
        mkdir -p "$dir.tmp"
        STEP_KEY_SELF=$key OUT="$dir.tmp" bash -euo pipefail -c '. "$1"; arch_setup "$ARCH"; . "$2"' _ "$CONTRACT_DIR/lib/common.sh" "$script" ||
            die "step $name failed (partial output left in $dir.tmp)"
        touch "$dir.tmp/.complete"
        mv -T "$dir.tmp" "$dir"
        log "$name: done in $((SECONDS - start))s"
    fi
    prune_step_dirs "$WORK/$name" "$key"
    STEP_KEY=$key
    STEP_DIR=$dir
}

# Keep the three most recent outputs of a step (so N and N+1 builds both stay cached).
prune_step_dirs() {
    local base=$1 keep=$2 d
    touch "$base/$keep"
    find "$base" -mindepth 1 -maxdepth 1 -name '*.tmp' -mmin +600 -exec rm -rf {} +
    ls -1dt "$base"/*/ 2>/dev/null | tail -n +4 | while read -r d; do
        [[ $(basename "$d") == "$keep" ]] || rm -rf "$d"
    done
}

# in_chroot ROOT CMD... : run CMD inside ROOT with /proc, /sys, /dev mounted in a private mount
# namespace, so nothing stays mounted when the command ends (even if it is killed).
in_chroot() {
    local root=$1
    shift
    unshare --mount --propagation private -- bash -euc '
        root=$1; shift
        mount -t proc proc "$root/proc"
        mount -t sysfs sysfs "$root/sys"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs tmpfs "$root/run"
        mount -t tmpfs tmpfs "$root/tmp"
        exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
            DEBIAN_FRONTEND=noninteractive INITRD=No "$@"
    ' _ "$root" "$@"
}

# Values of the environment used for the builds: the whole image pipeline.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}

# Disk layout: Flatcar's numbers, labels and types; sizes in MiB (smaller than Flatcar's).
# Partitions are 2 MiB aligned like Flatcar's; ROOT comes last and grows on first boot.
#        num label       type GUID                               MiB
LAYOUT=(
    "1 EFI-SYSTEM C12A7328-F81F-11D2-BA4B-00A0C93EC93B 128"
    "2 BIOS-BOOT 21686148-6449-6E6F-744E-656564454649 2"
    "3 USR-A 5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6 512"
    "4 USR-B 5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6 512"
    "6 OEM 0FC63DAF-8483-4772-8E79-3D69D8477DE4 32"
    "7 OEM-CONFIG C95DC21A-DF0E-4340-8D7B-26CBFA9A03E0 4"
    "9 ROOT 3884DD41-8582-4404-B9A8-E9B84F2DF50E 256"
)
DISK_VIRTUAL_GIB=4 # the qcow2's virtual size; ROOT grows into the rest on first boot

# layout_mib LABEL -> size in MiB
layout_mib() {
    local e
    for e in "${LAYOUT[@]}"; do
        set -- $e
        [[ $2 == "$LABEL_Q" ]] && { echo "$4"; return; }
    done
    return 1
}
part_mib() { LABEL_Q=$1 layout_mib; }
