#!/bin/bash
# Tries, as root, every way of writing to the merged /usr and prints KEY=value lines for the test:
# the result of each attempt and the options of the mounts on /usr.
set -uo pipefail
probe() { # name command…
    local name=$1
    shift
    if out=$("$@" 2>&1); then
        echo "$name=written"
    else
        echo "$name=refused: ${out//$'\n'/ }"
    fi
}
probe touch_new touch /usr/.sysext-readonly-probe
probe overwrite_shipped sh -c 'echo x > /usr/share/hello-sysext/greeting'
probe mkdir_new mkdir /usr/.sysext-readonly-dir
echo "top_mount=$(findmnt -rn -o FSTYPE,OPTIONS /usr | tail -n1)"
echo "mount_count=$(findmnt -rn -o TARGET /usr | wc -l)"
