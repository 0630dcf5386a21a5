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
