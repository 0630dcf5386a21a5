# The unified kernel image (systemd-stub + os-release + kernel command line + kernel + initramfs)
# and the ESP holding it at EFI/BOOT/<BOOTX64.EFI> plus the first_boot flag.
# Input: $IN_INITRAMFS, $IN_USR. Output: $OUT/uki.efi, $OUT/cmdline, $OUT/esp.img.
roothash=$(cat "$IN_USR/usr.roothash")
# Flatcar's command line (research/flatcar-os.md §1.4) for the fresh image's slot USR-A. The
# initramfs's gptprio selection may pick the other slot; see verity-setup for where its hash comes from.
cmdline="mount.usr=/dev/mapper/usr verity.usr=PARTUUID=$UUID_USR_A rootflags=rw mount.usrflags=ro"
cmdline+=" consoleblank=0 root=LABEL=ROOT console=$SERIAL_CONSOLE,115200n8 flatcar.oem.id=qemu"
# no_timer_check: under TCG on a busy host the kernel's IO-APIC timer check can fail and panic
# ("IO-APIC + timer doesn't work!"); cloud images skip that check for the same reason.
cmdline+=" ignition.platform.id=qemu panic=60 no_timer_check verity.usrhash=$roothash"
printf '%s' "$cmdline" >"$OUT/cmdline"

# The EFI stub: the host's (amd64) or the one the image's own packages carry (arm64, lib/arch.sh).
[[ -n $EFI_STUB_IN_ROOTFS ]] && EFI_STUB="$IN_ROOTFS/rootfs$EFI_STUB_IN_ROOTFS"
[[ -f $EFI_STUB ]] || die "EFI stub $EFI_STUB is missing (package systemd-boot-efi for $ARCH)"

align() { echo $((($1 + 0xfffff) / 0x100000 * 0x100000)); }
# Section addresses: after the stub's own sections, each aligned to 1 MiB and computed from the
# sizes so a large kernel or initramfs never overlaps the next section.
stub_end=0
while read -r idx name size vma _; do
    [[ $idx =~ ^[0-9]+$ ]] || continue
    ((0x$vma + 0x$size > stub_end)) && stub_end=$((0x$vma + 0x$size))
done < <("$OBJDUMP" -h "$EFI_STUB")
osrel=$(align "$stub_end")
cmdl=$(align $((osrel + $(stat -c %s "$IN_USR/os-release"))))
linux=$(align $((cmdl + ${#cmdline} + 1)))
linux=$((linux < 0x2000000 ? 0x2000000 : linux))
initrd=$(align $((linux + $(stat -c %s "$IN_INITRAMFS/vmlinuz"))))
"$OBJCOPY" \
    --add-section .osrel="$IN_USR/os-release" --change-section-vma .osrel="$(printf 0x%x "$osrel")" \
    --add-section .cmdline="$OUT/cmdline" --change-section-vma .cmdline="$(printf 0x%x "$cmdl")" \
    --add-section .linux="$IN_INITRAMFS/vmlinuz" --change-section-vma .linux="$(printf 0x%x "$linux")" \
    --add-section .initrd="$IN_INITRAMFS/initrd.img" --change-section-vma .initrd="$(printf 0x%x "$initrd")" \
    "$EFI_STUB" "$OUT/uki.efi"

# The ESP (vfat, label EFI-SYSTEM), filled with mtools: no loop device, no mount.
esp_mib=$(part_mib EFI-SYSTEM)
mkfs.vfat -F 32 -n EFI-SYSTEM -i 0EF15E57 -C "$OUT/esp.img" $((esp_mib * 1024)) >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$OUT/esp.img" ::/EFI ::/EFI/BOOT ::/flatcar
mcopy -i "$OUT/esp.img" "$OUT/uki.efi" "::/EFI/BOOT/$EFI_BOOT_NAME"
# Flatcar's first-boot flag: present on a fresh image, removed after Ignition's files stage.
: >"$OUT/first_boot"
mcopy -i "$OUT/esp.img" "$OUT/first_boot" ::/flatcar/first_boot
rm -f "$OUT/first_boot"
