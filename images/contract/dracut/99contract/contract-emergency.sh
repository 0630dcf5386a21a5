#!/bin/sh
# dracut emergency hook: say on every console why the initramfs gave up, before the shell starts.
{
    echo
    echo "contract: EMERGENCY: the initramfs could not boot this machine; entering emergency mode"
    systemctl --failed --no-legend --plain 2>/dev/null | while read -r unit _; do
        echo "contract: failed unit: $unit"
        journalctl -b --no-pager -o cat -n 10 -u "$unit" 2>/dev/null | sed 's/^/contract:   /'
    done
    journalctl -b --no-pager -o cat -p err SYSLOG_IDENTIFIER=ignition 2>/dev/null |
        sed 's/^/contract: ignition error: /'
    echo
} >/dev/console 2>&1

# A trial boot of an updated slot (successful=0; its one try was used up by gptprio select) that
# fails in the initramfs reboots, so the next boot falls back to the previous slot — the job
# Flatcar leaves to GRUB's gptprio after the emergency shell's timeout.
# (plain sh: the initramfs has no grep)
trial=0 label=
if [ -r /run/contract/usr.env ]; then
    while IFS='=' read -r key value; do
        case "$key" in
        USR_SUCCESSFUL) [ "$value" = 0 ] && trial=1 ;;
        USR_LABEL) label=$value ;;
        esac
    done </run/contract/usr.env
fi
if [ "$trial" = 1 ]; then
    echo "contract: trial boot of $label failed in the initramfs: rebooting in 5 s to fall back to the previous slot" >/dev/console
    sleep 5
    systemctl --force --force reboot || echo b >/proc/sysrq-trigger
fi
