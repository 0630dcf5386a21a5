#!/bin/sh
# Records which boot ran the extension's service and that it ran from the merged /usr.
set -eu
printf 'hello-sysext ran in boot %s from %s\n' "$(cat /proc/sys/kernel/random/boot_id)" "$(readlink -f "$0")" > /run/hello-sysext
