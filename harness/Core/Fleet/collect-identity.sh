#!/bin/sh
# Prints what makes a node's filesystem what it is, one fact per line, for Harness.Fleet.FleetIdentity (run as root):
#   version_id=<VERSION_ID from /etc/os-release>
#   verity_table=<dmsetup table usr: the /usr dm-verity mapping, with its root hash>
#   cmdline=<the kernel command line: verity.usrhash= where dmsetup cannot tell>
#   sysext=<name> <raw|dir|unknown> <sha256 of the image, or of the directory tree, or ->
# One sysext line per extension merged into /usr (its extension-release file is in the merged tree).
set -u
. /etc/os-release
echo "version_id=${VERSION_ID:-}"
echo "verity_table=$(dmsetup table usr 2>/dev/null | head -n 1)"
echo "cmdline=$(cat /proc/cmdline)"

tree_digest() {
    # Names, types, modes, owners, link targets and file contents, in a stable order.
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r p; do
        stat -c '%n %F %a %u:%g' "$p"
        if [ -L "$p" ]; then readlink "$p"; elif [ -f "$p" ]; then sha256sum <"$p"; fi
    done) | sha256sum | cut -d' ' -f1
}

for release in /usr/lib/extension-release.d/extension-release.*; do
    [ -e "$release" ] || continue
    name=${release##*/extension-release.}
    kind=unknown digest=-
    for dir in /etc/extensions /run/extensions /var/lib/extensions /usr/lib/extensions /run/systemd/sysext/extensions; do
        if [ -e "$dir/$name.raw" ]; then
            kind=raw digest=$(sha256sum <"$(readlink -f "$dir/$name.raw")" | cut -d' ' -f1)
            break
        elif [ -d "$dir/$name" ]; then
            kind=dir digest=$(tree_digest "$dir/$name")
            break
        fi
    done
    echo "sysext=$name $kind $digest"
done
