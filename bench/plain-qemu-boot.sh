#!/usr/bin/env bash
# Baseline for the harness's power-on → SSH-ready time: run the QEMU command the harness recorded for a machine
# (qemu-cmdline.txt, a shell script, with the machine's files pointed at fresh copies and a new SSH port) and poll
# ssh until `true` succeeds. Prints the milliseconds from the creation of the per-machine files (as the harness
# counts) to the first success.
#
#   bench/plain-qemu-boot.sh QEMU_CMDLINE_TXT IGNITION_JSON CLIENT_KEY HOST_PUBKEY_LINE [POLL_SECONDS]
set -euo pipefail
cmdline=${1:?usage: plain-qemu-boot.sh QEMU_CMDLINE_TXT IGNITION_JSON CLIENT_KEY HOST_PUBKEY_LINE [POLL_SECONDS]}
ignition=${2:?} key=${3:?} hostkey=${4:?} poll=${5:-0.5}

work=$(mktemp -d /tmp/plain-boot.XXXXXX)
qemu_pid=
cleanup() {
    if [ -n "$qemu_pid" ]; then kill -9 "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

state=$(sed -n "s/^#   mkdir -p //p" "$cmdline" | tr -d "'")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s#$state#$work#g" \
    -e "s#hostfwd=tcp:127.0.0.1:[0-9]*-:22#hostfwd=tcp:127.0.0.1:$port-:22#" \
    -e "s#path=[^ ']*/console.txt#path=$work/console.txt#" \
    -e "s#unix:[^,' ]*\.qmp#unix:$work/qmp.sock#" \
    "$cmdline" > "$work/machine.sh"
cp "$ignition" "$work/ignition.json"   # the machine's config lived in its state folder, now ours
{ echo 'set -e'; sed -n 's/^#   //p' "$work/machine.sh"; printf 'exec '; grep -v '^#' "$work/machine.sh"; } > "$work/run.sh"
echo "[127.0.0.1]:$port $hostkey" > "$work/known_hosts"

start=$(date +%s%N)
bash "$work/run.sh" </dev/null >/dev/null 2>"$work/stderr" &
qemu_pid=$!
until ssh -q -F /dev/null -p "$port" -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
        -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$work/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        core@127.0.0.1 true 2>/dev/null; do
    kill -0 "$qemu_pid" 2>/dev/null || { echo "qemu exited: $(tail -3 "$work/stderr")" >&2; exit 1; }
    sleep "$poll"
done
echo $(( ($(date +%s%N) - start) / 1000000 ))
