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
        ARCH_PACKAGES=()
        EFI_STUB_IN_ROOTFS=""
        FOREIGN_BINFMT=""
        ;;
    arm64)
        DEB_ARCH=arm64
        UNAME_ARCH=aarch64
        KERNEL_PKG=linux-image-cloud-arm64
        # The aarch64 systemd-stub comes from the image's own packages (systemd-boot-efi:arm64); the host's
        # objcopy does not know the aarch64 PE format, binutils-aarch64-linux-gnu's does.
        ARCH_PACKAGES=(systemd-boot-efi)
        EFI_STUB=""
        EFI_STUB_IN_ROOTFS=/usr/lib/systemd/boot/efi/linuxaa64.efi.stub
        EFI_BOOT_NAME=BOOTAA64.EFI
        OBJCOPY=aarch64-linux-gnu-objcopy
        OBJDUMP=aarch64-linux-gnu-objdump
        SERIAL_CONSOLE=ttyAMA0
        QEMU_SYSTEM=qemu-system-aarch64
        # TCG on an amd64 host: the harness's emulated CPU (QemuCommandLine.TcgArm64Cpu says why) and GICv3.
        QEMU_MACHINE=(-machine virt,gic-version=3 -cpu max,pauth=off,sve=off)
        FIRMWARE_CODE=/usr/share/AAVMF/AAVMF_CODE.fd
        FIRMWARE_VARS=/usr/share/AAVMF/AAVMF_VARS.fd
        # debootstrap and the chroot steps run arm64 binaries through qemu-user-static and binfmt_misc.
        HOST_ARCH_PACKAGES=(qemu-system-arm qemu-efi-aarch64 qemu-user-static binfmt-support binutils-aarch64-linux-gnu)
        FOREIGN_BINFMT=qemu-aarch64
        ;;
    *)
        die "unknown --arch '$1' (supported: amd64, arm64)"
        ;;
    esac
}
