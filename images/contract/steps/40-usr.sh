# The two filesystems of the OS: /usr as erofs (lz4hc) with its dm-verity hash tree appended in the
# same image (what goes into USR-A), and ROOT (ext4: /etc, /var, /home, /root, /opt, ...).
# Input: $IN_ROOTFS/rootfs, $VERSION. Output: $OUT/usr.img, $OUT/usr.roothash, $OUT/root.img,
# $OUT/os-release.
tree="$OUT/tree"
cp -al "$IN_ROOTFS/rootfs" "$tree" # hard links: files are only ever replaced, never edited

# os-release: honest about what this is. BUILD_ID identifies the inputs of this build.
build_id="$(date -u +%Y-%m-%d)-${STEP_KEY_SELF:0:8}"
rm -f "$tree/usr/lib/os-release"
cat >"$tree/usr/lib/os-release" <<OSREL
NAME="Contract Linux"
ID=contract
ID_LIKE=flatcar
VERSION=$VERSION
VERSION_ID=$VERSION
BUILD_ID=$build_id
PRETTY_NAME="Contract Linux $VERSION (Flatcar node contract on Debian 12)"
SYSEXT_LEVEL=1.0
HOME_URL="https://www.flatcar.org/"
VARIANT="Flatcar contract image (offline test target, not Flatcar)"
VARIANT_ID=contract
OSREL
cp "$tree/usr/lib/os-release" "$OUT/os-release"
echo "$build_id" >"$OUT/build-id"
ln -sfn ../usr/lib/os-release "$tree/etc/os-release"

# /boot is the ESP's mount point (the kernel lives in the UKI on the ESP).
find "$tree/boot" -mindepth 1 -delete
mkdir -p "$tree/oem"

# Split: /usr goes to the erofs image, the rest to ROOT with an empty /usr mount point.
mv "$tree/usr" "$OUT/usr-tree"
mkdir "$tree/usr"

# systemd's ConditionNeedsUpdate= compares /usr's mtime with /etc/.updated and /var/.updated:
# mark both up to date so hwdb/catalog/ldconfig updates never run at boot.
for d in etc var; do
    rm -f "$tree/$d/.updated"
    printf '# written by the contract image build\nTIMESTAMP_NSEC=%s000000000\n' "$SOURCE_DATE_EPOCH" >"$tree/$d/.updated"
done

mkfs.erofs -zlz4hc -T "$SOURCE_DATE_EPOCH" -U 2c7b3a34-5d8e-4f4f-9a6e-7a3f4a0c0001 \
    "$OUT/usr.img" "$OUT/usr-tree" >"$OUT/mkfs.erofs.log" 2>&1 ||
    { tail "$OUT/mkfs.erofs.log" >&2; die "mkfs.erofs failed"; }
fs_bytes=$(stat -c %s "$OUT/usr.img")
hash_offset=$(((fs_bytes + 4095) / 4096 * 4096))
truncate -s "$hash_offset" "$OUT/usr.img"
veritysetup format --hash=sha256 --data-block-size=4096 --hash-block-size=4096 \
    --data-blocks=$((hash_offset / 4096)) --hash-offset="$hash_offset" \
    --salt=0000000000000000000000000000000000000000000000000000000000000000 \
    --uuid=2c7b3a34-5d8e-4f4f-9a6e-7a3f4a0c0002 \
    "$OUT/usr.img" "$OUT/usr.img" >"$OUT/verity.txt"
sed -n 's/^Root hash:[[:space:]]*//p' "$OUT/verity.txt" >"$OUT/usr.roothash"
[[ $(cat "$OUT/usr.roothash") =~ ^[0-9a-f]{64}$ ]] || die "no verity root hash"
echo "$hash_offset" >"$OUT/usr.hashoffset"
usr_mib=$(part_mib USR-A)
(($(stat -c %s "$OUT/usr.img") <= usr_mib * 1048576)) || die "usr.img does not fit USR-A ($usr_mib MiB)"

root_mib=$(part_mib ROOT)
mkfs.ext4 -q -F -L ROOT -T default -E root_owner=0:0 -d "$tree" "$OUT/root.img" "${root_mib}M" >/dev/null 2>&1 ||
    die "mkfs.ext4 ROOT failed"
rm -rf "$tree" "$OUT/usr-tree"
