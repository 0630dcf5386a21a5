#!/bin/bash
# corrupt-usr-hash.sh SLOT: replace the dm-verity root hash an update installed for SLOT (a or b) with
# 64 ASCII '0's, so the slot's /usr cannot be opened on its trial boot (kola's cl.update.badverity writes
# the same: Flatcar's GRUB passes verity.usrhash= only when all 64 characters are hex, so NUL bytes would
# leave the kernel without a hash and the boot waiting for /dev/mapper/usr instead of failing verity).
#   Flatcar: the hash is embedded in the slot's kernel, /boot/flatcar/vmlinuz-SLOT, at offset 64 (amd64)
#   contract image: /boot/flatcar/usrhash-SLOT on the ESP (README: "A/B slots")
set -euo pipefail
slot=${1:?slot a or b}
zeros=0000000000000000000000000000000000000000000000000000000000000000
if [[ -f /boot/flatcar/usrhash-$slot ]]; then
    echo "$zeros" >"/boot/flatcar/usrhash-$slot"
    echo "replaced /boot/flatcar/usrhash-$slot"
elif [[ -f /boot/flatcar/vmlinuz-$slot ]]; then
    case $(uname -m) in x86_64) offset=64 ;; aarch64) offset=512 ;; *) echo "unknown arch $(uname -m)" >&2; exit 1 ;; esac
    printf %s "$zeros" | dd of="/boot/flatcar/vmlinuz-$slot" bs=1 seek="$offset" count=64 conv=notrunc status=none
    echo "wrote ASCII zeros over the hash in /boot/flatcar/vmlinuz-$slot at offset $offset"
else
    echo "neither /boot/flatcar/usrhash-$slot nor /boot/flatcar/vmlinuz-$slot exists" >&2
    exit 1
fi
sync -f /boot/flatcar
