#!/bin/sh
# cl.fleet.identity: drift this node by merging one extra system extension: a directory extension under
# /etc/extensions (no image builder needed), whose release file matches the host so systemd-sysext accepts it.
set -eu
name=harness-drift
dir=/etc/extensions/$name
. /etc/os-release
mkdir -p "$dir/usr/lib/extension-release.d" "$dir/usr/share/$name"
{
    echo "ID=$ID"
    if [ -n "${SYSEXT_LEVEL:-}" ]; then echo "SYSEXT_LEVEL=$SYSEXT_LEVEL"; else echo "VERSION_ID=$VERSION_ID"; fi
} >"$dir/usr/lib/extension-release.d/extension-release.$name"
echo "this node drifted on purpose" >"$dir/usr/share/$name/marker"
systemd-sysext refresh
cat "/usr/share/$name/marker"
