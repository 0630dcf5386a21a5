# shellcheck shell=bash
# Everything that differs between architectures lives here (and only here).
# arch_setup ARCH sets the variables below or fails with one clear line.

arch_setup() {
    case "$1" in
    amd64)
        DEB_ARCH=amd64
        UNAME_ARCH=x86_64
        KERNEL_PKG=linux-image-cloud-amd64
        EFI_STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
        EFI_BOOT_NAME=BOOTX64.EFI
        OBJCOPY=objcopy
        OBJDUMP=objdump
        SERIAL_CONSOLE=ttyS0
        QEMU_SYSTEM=qemu-system-x86_64
        # TCG: the default CPU model; `-cpu max` makes glibc pick AVX paths that TCG runs slowly.
        QEMU_MACHINE=(-machine q35)
        FIRMWARE_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
        FIRMWARE_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
        HOST_ARCH_PACKAGES=(qemu-system-x86 ovmf systemd-boot-efi binutils)
        ;;
    arm64)
        # Not built yet. What it needs (see environment.md): linuxaa64.efi.stub from
        # systemd-boot-efi:arm64, aarch64-linux-gnu-objcopy (binutils-aarch64-linux-gnu),
        # non-overlapping .linux/.initrd VMAs computed from the (uncompressed, 27 MB) kernel,
        # console ttyAMA0, qemu-system-aarch64 -machine virt -cpu cortex-a57, AAVMF firmware,
        # and debootstrap through qemu-user-static.
        die "--arch arm64 is not implemented yet (only amd64); see images/contract/lib/arch.sh"
        ;;
    *)
        die "unknown --arch '$1' (supported: amd64)"
        ;;
    esac
}
