#!/bin/bash
# cl.ignition.once: prints whether the first-boot flag is on the EFI system partition, as key=value lines.
# Runs as root. Mounts the ESP read-only on a temporary folder when nothing has it mounted (Flatcar automounts
# it on /boot only when accessed).
set -euo pipefail

esp=$(readlink -f /dev/disk/by-partlabel/EFI-SYSTEM)
mnt=$(findmnt -rno TARGET -S "$esp" | head -n1 || true)
if [ -z "$mnt" ]; then
    mnt=$(mktemp -d)
    mount -o ro "$esp" "$mnt"
    trap 'umount "$mnt"; rmdir "$mnt"' EXIT
fi
echo "esp=$esp"
echo "esp.mount=$mnt"
for dir in flatcar coreos; do
    echo "$dir.dir=$([ -d "$mnt/$dir" ] && echo present || echo absent)"
    echo "$dir.first_boot=$([ -e "$mnt/$dir/first_boot" ] && echo present || echo absent)"
done
