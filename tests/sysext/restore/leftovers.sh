#!/bin/bash
# Prints, one per line, each mark of dirty.sh and of the restore-isolation extension that exists on this machine;
# prints nothing on a clean one.
set -uo pipefail
for path in /etc/restore-isolation.conf /var/lib/restore-isolation/marker /etc/extensions/restore-isolation \
    /usr/lib/restore-isolation/marker; do
    if [ -e "$path" ]; then
        echo "$path"
    fi
done
