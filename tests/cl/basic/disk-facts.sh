#!/bin/bash
# cl.basic: prints facts about the boot disk as key=value lines, one per line; the test asserts on them.
# Runs as root (cgpt and blkid read the disk directly). Only Flatcar's own tools: cgpt, blkid, lsblk, findmnt.
set -euo pipefail

root_part=$(readlink -f /dev/disk/by-partlabel/ROOT)
disk=/dev/$(lsblk -dno PKNAME "$root_part")
echo "disk=$disk"
echo "disk.bytes=$(blockdev --getsize64 "$disk")"
echo "disk.sector=$(blockdev --getss "$disk")"
echo "disk.guid=$(blkid -p -s PTUUID -o value "$disk")"

for sys in /sys/class/block/"${disk#/dev/}"/"${disk#/dev/}"*; do
    [ -e "$sys/partition" ] || continue
    n=$(cat "$sys/partition")
    echo "part.$n.dev=/dev/${sys##*/}"
    echo "part.$n.label=$(cgpt show -i "$n" -l "$disk")"
    echo "part.$n.type=$(cgpt show -i "$n" -t "$disk")"
    echo "part.$n.uuid=$(cgpt show -i "$n" -u "$disk")"
    echo "part.$n.start=$(cgpt show -i "$n" -b "$disk")"
    echo "part.$n.sectors=$(cgpt show -i "$n" -s "$disk")"
    echo "part.$n.priority=$(cgpt show -i "$n" -P "$disk")"
    echo "part.$n.successful=$(cgpt show -i "$n" -S "$disk")"
    echo "part.$n.tries=$(cgpt show -i "$n" -T "$disk")"
done

# the root filesystem: its size as the filesystem sees it, next to the partition holding it
echo "root.dev=$root_part"
echo "root.part.bytes=$(blockdev --getsize64 "$root_part")"
fstype=$(findmnt -no FSTYPE /)
echo "root.fstype=$fstype"
echo "root.source=$(findmnt -no SOURCE /)"
case "$fstype" in
    ext4)
        blocks=$(dumpe2fs -h "$root_part" 2>/dev/null | sed -n 's/^Block count: *//p')
        bsize=$(dumpe2fs -h "$root_part" 2>/dev/null | sed -n 's/^Block size: *//p')
        echo "root.fs.bytes=$((blocks * bsize))"
        ;;
    btrfs)
        echo "root.fs.bytes=$(btrfs filesystem show --raw / | awk '/devid/ {print $4; exit}')"
        ;;
    *)
        echo "root.fs.bytes=$(df -B1 --output=size / | tail -n1 | tr -d ' ')"
        ;;
esac
