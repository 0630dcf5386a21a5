# Publish the build: artifacts/images/<arch>/<version>/ (disk.qcow2, uki.efi, usr.img,
# update.payload, manifest.json) and the artifacts/images/<arch>/$LINK symlink (current or next). Built under a temporary name and
# renamed, so a half-written directory is never taken for a complete one.
# Sourced by build (not cached itself: it is cheap). Sets PUBLISHED.
dest_parent="$ARTIFACTS/$ARCH"
dest="$dest_parent/$VERSION"
PUBLISHED=$dest
mkdir -p "$dest_parent"
if [[ -f $dest/manifest.json && $(jq -r .build_key "$dest/manifest.json" 2>/dev/null) == "$BUILD_KEY" ]]; then
    log "publish: $dest is up to date"
else
    tmp="$dest_parent/.$VERSION.tmp.$$"
    rm -rf "$dest_parent"/.*.tmp.* # leftovers of interrupted runs
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp"
    # Hard links (same file system): instant, and nothing ever writes to these files.
    ln "$IN_DISK/disk.qcow2" "$tmp/disk.qcow2" 2>/dev/null || cp "$IN_DISK/disk.qcow2" "$tmp/disk.qcow2"
    ln "$IN_UKI/uki.efi" "$tmp/uki.efi" 2>/dev/null || cp "$IN_UKI/uki.efi" "$tmp/uki.efi"
    ln "$IN_USR/usr.img" "$tmp/usr.img" 2>/dev/null || cp "$IN_USR/usr.img" "$tmp/usr.img"

    # The update payload (contract update payload v1, README.md): a 4096-byte header of KEY=VALUE
    # lines padded with NUL bytes, then usr.img — what the update client writes into the other slot.
    usr_size=$(stat -c %s "$tmp/usr.img")
    {
        printf 'CONTRACT-UPDATE-PAYLOAD 1\nversion=%s\narch=%s\nusr_size=%s\nusr_sha256=%s\nusr_verity_roothash=%s\nusr_verity_hash_offset=%s\n' \
            "$VERSION" "$ARCH" "$usr_size" "$(sha256sum "$tmp/usr.img" | cut -d' ' -f1)" \
            "$(cat "$IN_USR/usr.roothash")" "$(cat "$IN_USR/usr.hashoffset")" >"$tmp/header"
        cat "$tmp/header"
        head -c $((4096 - $(stat -c %s "$tmp/header"))) /dev/zero
        cat "$tmp/usr.img"
    } >"$tmp/update.payload"
    rm -f "$tmp/header"
    (($(stat -c %s "$tmp/update.payload") == usr_size + 4096)) || die "publish: bad update.payload"

    files_json=$(for f in disk.qcow2 uki.efi usr.img update.payload; do
        jq -n --arg name "$f" --argjson size "$(stat -c %s "$tmp/$f")" \
            --arg sha256 "$(sha256sum "$tmp/$f" | cut -d' ' -f1)" '{name: $name, size: $size, sha256: $sha256}'
    done | jq -s .)
    parts_json=$(while read -r num label type uuid first sectors; do
        jq -n --argjson number "$num" --arg lbl "$label" --arg type "${type,,}" --arg uuid "${uuid,,}" \
            --argjson first "$first" --argjson sectors "$sectors" \
            '{number: $number, label: $lbl, type_guid: $type, partition_uuid: $uuid,
              start_bytes: ($first * 512), size_bytes: ($sectors * 512)}'
    done <"$IN_DISK/partitions" | jq -s .)
    jq -n \
        --arg version "$VERSION" --arg arch "$ARCH" \
        --arg build_id "$(cat "$IN_USR/build-id")" --arg build_key "$BUILD_KEY" \
        --arg built_at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --arg kernel "$(cat "$IN_INITRAMFS/kver")" \
        --arg cmdline "$(cat "$IN_UKI/cmdline")" \
        --arg roothash "$(cat "$IN_USR/usr.roothash")" \
        --argjson hash_offset "$(cat "$IN_USR/usr.hashoffset")" \
        --arg disk_guid "$DISK_GUID_FRESH" \
        --argjson virtual_size "$(qemu-img info --output=json "$tmp/disk.qcow2" | jq '."virtual-size"')" \
        --arg efi_boot "EFI/BOOT/$EFI_BOOT_NAME" \
        --arg console "$SERIAL_CONSOLE" \
        --arg fw_code "$FIRMWARE_CODE" --arg fw_vars "$FIRMWARE_VARS" \
        --argjson files "$files_json" --argjson partitions "$parts_json" \
        --rawfile os_release "$IN_USR/os-release" \
        '{
          name: "contract", version: $version, arch: $arch, build_id: $build_id, build_key: $build_key,
          built_at: $built_at,
          disk: {file: "disk.qcow2", format: "qcow2", virtual_size: $virtual_size, disk_guid: $disk_guid,
                 note: "fresh image; the disk GUID is randomized on first boot"},
          usr: {file: "usr.img", fs: "erofs", compression: "lz4hc", verity_root_hash: $roothash,
                verity_hash_offset: $hash_offset, verity_hash_algorithm: "sha256",
                slot: "USR-A", partition_uuid: "7130c94a-213a-4e5a-8e26-6cce9662f132"},
          boot: {uki: "uki.efi", esp_path: $efi_boot, kernel: $kernel, cmdline: $cmdline,
                 serial_console: $console, first_boot_flag: "/flatcar/first_boot (on the ESP)"},
          firmware: {code: $fw_code, vars_template: $fw_vars},
          partitions: $partitions,
          files: $files,
          os_release: ($os_release | split("\n") | map(select(length > 0)) |
                       map(capture("^(?<k>[A-Z_]+)=(?<v>.*)$")) | map({(.k): (.v | ltrimstr("\"") | rtrimstr("\""))}) | add)
        }' >"$tmp/manifest.json"

    jq -e '.partitions | length == 7' "$tmp/manifest.json" >/dev/null || die "publish: bad manifest"
    if [[ -e $dest ]]; then
        mv -T "$dest" "$dest_parent/.$VERSION.old.$$"
    fi
    mv -T "$tmp" "$dest"
    rm -rf "$dest_parent/.$VERSION.old.$$"
    trap - EXIT
    log "publish: $dest"
fi
ln -sfn "$VERSION" "$dest_parent/.$LINK.tmp.$$"
mv -T "$dest_parent/.$LINK.tmp.$$" "$dest_parent/$LINK"
