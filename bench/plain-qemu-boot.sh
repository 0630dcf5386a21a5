#!/usr/bin/env bash
# Baseline for the harness's power-on → SSH-ready time: run the QEMU command the harness recorded for a machine
# (qemu-cmdline.txt, with fresh per-machine files and a new port) and poll ssh until `true` succeeds.
# Prints the milliseconds from the start of per-machine file creation (as the harness counts) to the first success.
#
#   bench/plain-qemu-boot.sh QEMU_CMDLINE_TXT IGNITION_JSON CLIENT_KEY HOST_PUBKEY_LINE [POLL_SECONDS]
set -euo pipefail
cmdline=${1:?usage: plain-qemu-boot.sh QEMU_CMDLINE_TXT IGNITION_JSON CLIENT_KEY HOST_PUBKEY_LINE [POLL_SECONDS]}
ignition=${2:?} key=${3:?} hostkey=${4:?} poll=${5:-0.5}

work=$(mktemp -d /tmp/plain-boot.XXXXXX)
qemu_pid=
cleanup() {
    [ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

old_state=$(sed -n 's/^#   mkdir -p //p' "$cmdline")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# The command, one argument per line, with the machine's files pointed at our own copies.
mapfile -t args < <(sed -e '/^#/d' -e 's/ *\\$//' -e 's/^ *//' "$cmdline" | tr ' ' '\n' | sed '/^$/d')
for i in "${!args[@]}"; do
    a=${args[$i]//$old_state/$work}
    a=$(sed -E -e "s#hostfwd=tcp:127.0.0.1:[0-9]+-:22#hostfwd=tcp:127.0.0.1:$port-:22#" \
               -e "s#(name=opt/[^,]+/config,file=)[^ ]+#\1$ignition#" \
               -e "s#unix:[^,]+\.qmp#unix:$work/qmp.sock#" <<<"$a")
    args[$i]=$a
done
for i in "${!args[@]}"; do   # the console chardev is "file,id=con0,path=…": one argument
    [[ ${args[$i]} == file,id=con0,path=* ]] && args[$i]="file,id=con0,path=$work/console.txt"
done

echo "[127.0.0.1]:$port $hostkey" > "$work/known_hosts"
start=$(date +%s%N)
sed -n 's/^#   //p' "$cmdline" | grep -v '^mkdir' | sed "s#$old_state#$work#g" | bash
"${args[@]}" </dev/null >/dev/null 2>"$work/stderr" &
qemu_pid=$!
until ssh -q -F /dev/null -p "$port" -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
        -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$work/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        core@127.0.0.1 true 2>/dev/null; do
    kill -0 "$qemu_pid" 2>/dev/null || { echo "qemu exited: $(tail -3 "$work/stderr")" >&2; exit 1; }
    sleep "$poll"
done
echo $(( ($(date +%s%N) - start) / 1000000 ))
