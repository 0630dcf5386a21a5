# Assemble the GPT disk (Flatcar's partition numbers, labels, type GUIDs and fixed USR UUIDs) from
# the filesystem images with sgdisk/cgpt/dd on a plain file, then convert it to qcow2.
# Input: $IN_UKI/esp.img, $IN_USR/{usr.img,root.img}, $IN_SYSEXT/oem/ (the OEM partition's files). Output: $OUT/disk.qcow2, $OUT/partitions.
raw="$OUT/disk.raw"
align=$((2 * 1024 * 1024))
offset=$align
args=(-o)
declare -A start_of
for e in "${LAYOUT[@]}"; do
    read -r num label type mib <<<"$e"
    start_of[$label]=$offset
    args+=(-n "$num:$((offset / 512)):$(((offset + mib * 1048576) / 512 - 1))" -t "$num:$type" -c "$num:$label")
    offset=$((offset + mib * 1048576))
done
args+=(-u "3:$UUID_USR_A" -u "4:$UUID_USR_B" -U "$DISK_GUID_FRESH")
total=$((offset + align)) # room for the backup GPT
rm -f "$raw"
truncate -s "$total" "$raw"
sgdisk "${args[@]}" "$raw" >/dev/null
# gptprio state of a fresh image: USR-A priority=1 successful=1 tries=0; USR-B all zero.
cgpt add -i 3 -S 1 -P 1 -T 0 "$raw"

put() { dd if="$1" of="$raw" bs=1M seek=$(($2 / 1048576)) conv=notrunc,sparse status=none; }
put "$IN_UKI/esp.img" "${start_of[EFI-SYSTEM]}"
put "$IN_USR/usr.img" "${start_of[USR-A]}"
put "$IN_USR/root.img" "${start_of[ROOT]}"
# OEM: oem-release and the OEM system extension (steps/35-sysext.sh), as on Flatcar's qemu_uefi image.
mkfs.ext4 -q -F -L OEM -E root_owner=0:0 -d "$IN_SYSEXT/oem" "$OUT/oem.img" "$(part_mib OEM)M" >/dev/null 2>&1
put "$OUT/oem.img" "${start_of[OEM]}"
rm -f "$OUT/oem.img"

# Record the table for the manifest: number, label, type, partition UUID, first sector, sectors.
for e in "${LAYOUT[@]}"; do
    read -r num label type mib <<<"$e"
    info=$(sgdisk -i "$num" "$raw")
    printf '%s %s %s %s %s %s\n' "$num" "$label" \
        "$(sed -n 's/^Partition GUID code: \([^ ]*\).*/\1/p' <<<"$info")" \
        "$(sed -n 's/^Partition unique GUID: //p' <<<"$info")" \
        "$(sed -n 's/^First sector: \([0-9]*\).*/\1/p' <<<"$info")" \
        "$(sed -n 's/^Partition size: \([0-9]*\).*/\1/p' <<<"$info")"
done >"$OUT/partitions"
cgpt show "$raw" >"$OUT/cgpt-show.txt"

qemu-img convert -f raw -O qcow2 "$raw" "$OUT/disk.qcow2"
qemu-img resize -q -f qcow2 "$OUT/disk.qcow2" "${DISK_VIRTUAL_GIB}G"
rm -f "$raw"
