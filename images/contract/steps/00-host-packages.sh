# Install the host tools the build (and the smoke test) need, only those that are missing.
needed=(debootstrap mtools dosfstools gdisk cgpt erofs-utils cryptsetup-bin qemu-utils jq openssh-client
    util-linux e2fsprogs coreutils lz4 "${HOST_ARCH_PACKAGES[@]}")
missing=()
for p in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    log "installing host packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
