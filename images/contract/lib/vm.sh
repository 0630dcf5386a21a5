# shellcheck shell=bash
# Booting a built contract image with plain QEMU (used by smoke and bench; the harness has its own).
# vm_prepare DIR IMAGE_DIR IGNITION : overlay disk + firmware vars copy in DIR.
# vm_start DIR PORT                 : start QEMU in the background (VM_PID), console in DIR/console.log;
#                                     $VM_CPUS virtual CPUs (default 2), extra QEMU arguments from the
#                                     VM_QEMU_EXTRA array (e.g. -action reboot=shutdown), and -cpu
#                                     $VM_CPU_MODEL when set.
# vm_wait_ssh DIR PORT TIMEOUT      : poll SSH as core until it answers; sets VM_SSH_READY (seconds).
# vm_ssh DIR PORT CMD...            : run a command as core (host key pinned, StrictHostKeyChecking=yes).
# vm_stop                           : kill QEMU if it runs.

free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        # Nobody listening there (connection refused) -> free for QEMU's hostfwd.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

vm_prepare() {
    local dir=$1 image=$2 ign=$3
    qemu-img create -q -f qcow2 -F qcow2 -b "$(readlink -f "$image/disk.qcow2")" "$dir/disk.qcow2"
    cp "$FIRMWARE_VARS" "$dir/vars.fd"
    [[ $(readlink -f "$ign") == $(readlink -f "$dir/config.ign") ]] || cp "$ign" "$dir/config.ign"
}

vm_start() {
    local dir=$1 port=$2
    : >"$dir/console.log"
    [[ -n ${VM_QEMU_EXTRA+x} ]] || VM_QEMU_EXTRA=()
    local cpu_model=()
    [[ -z ${VM_CPU_MODEL:-} ]] || cpu_model=(-cpu "$VM_CPU_MODEL") # the last -cpu wins over QEMU_MACHINE's
    "$QEMU_SYSTEM" "${QEMU_MACHINE[@]}" "${cpu_model[@]}" -accel tcg -smp "${VM_CPUS:-2}" -m 2048 \
        -drive "if=pflash,format=raw,unit=0,readonly=on,file=$FIRMWARE_CODE" \
        -drive "if=pflash,format=raw,unit=1,file=$dir/vars.fd" \
        -drive "if=none,id=disk0,format=qcow2,file=$dir/disk.qcow2" \
        -device virtio-blk-pci,drive=disk0,bootindex=1 \
        -fw_cfg "name=opt/com.coreos/config,file=$dir/config.ign" \
        -fw_cfg "name=opt/org.flatcar-linux/config,file=$dir/config.ign" \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:22" \
        -device virtio-net-pci,netdev=net0,romfile= \
        -display none -monitor none -serial "file:$dir/console.log" \
        "${VM_QEMU_EXTRA[@]}" >>"$dir/qemu.log" 2>&1 &
    VM_PID=$!
    VM_START=$(now_ms)
}

vm_ssh() {
    local dir=$1 port=$2
    shift 2
    ssh -q -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes \
        -o UserKnownHostsFile="$dir/known_hosts" -o IdentitiesOnly=yes -o LogLevel=ERROR \
        -i "$dir/client_key" -p "$port" core@127.0.0.1 "$@"
}

vm_wait_ssh() {
    local dir=$1 port=$2 timeout=$3
    while :; do
        if ! kill -0 "$VM_PID" 2>/dev/null; then
            echo "QEMU exited before SSH came up" >&2
            return 1
        fi
        if vm_ssh "$dir" "$port" true 2>/dev/null; then
            local ms=$(($(now_ms) - VM_START))
            VM_SSH_READY=$(printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100)))
            # CPU time QEMU used until then (all vCPU threads): a load-independent companion to the
            # wall-clock figure on a shared host.
            local st ticks
            st=$(cut -d')' -f2- "/proc/$VM_PID/stat")
            ticks=$(($(awk '{print $12 + $13}' <<<"$st")))
            VM_CPU=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')
            return 0
        fi
        if (($(now_ms) - VM_START > timeout * 1000)); then
            echo "SSH not ready after ${timeout}s" >&2
            return 1
        fi
        sleep 0.25
    done
}

vm_stop() {
    if [[ -n ${VM_PID:-} ]] && kill -0 "$VM_PID" 2>/dev/null; then
        kill "$VM_PID" 2>/dev/null || true
        wait "$VM_PID" 2>/dev/null || true
    fi
    VM_PID=
}

# make_smoke_ignition DIR : client key, injected host key and the smoke test's Ignition config.
make_smoke_ignition() {
    local dir=$1
    ssh-keygen -q -t ed25519 -N '' -C contract-smoke-client -f "$dir/client_key"
    ssh-keygen -q -t ed25519 -N '' -C contract-smoke-host -f "$dir/host_key"
    jq -n \
        --arg client "$(cat "$dir/client_key.pub")" \
        --arg hostkey "data:;base64,$(base64 -w0 "$dir/host_key")" \
        --arg hostpub "data:;base64,$(base64 -w0 "$dir/host_key.pub")" \
        --arg gz "data:;base64,$(printf 'compressed hello\n' | gzip -9n | base64 -w0)" \
        '{
          ignition: {version: "3.3.0"},
          passwd: {users: [
            {name: "core", sshAuthorizedKeys: [$client]},
            {name: "tester", groups: ["sudo"], sshAuthorizedKeys: [$client]}
          ]},
          storage: {
            files: [
              {path: "/etc/ssh/ssh_host_ed25519_key", mode: 384, overwrite: true, contents: {source: $hostkey}},
              {path: "/etc/ssh/ssh_host_ed25519_key.pub", mode: 420, overwrite: true, contents: {source: $hostpub}},
              {path: "/etc/contract-smoke/hello", mode: 416, contents: {source: "data:,hello%20contract%0A"}},
              {path: "/etc/contract-smoke/gzip", mode: 420, contents: {source: $gz, compression: "gzip"}},
              {path: "/home/core/owned", mode: 384, user: {name: "core"}, group: {name: "core"},
               contents: {source: "data:,mine%0A"}}
            ],
            directories: [{path: "/opt/contract-smoke", mode: 488}],
            links: [{path: "/etc/contract-smoke/link", target: "/etc/contract-smoke/hello"}]
          },
          systemd: {units: [
            {name: "contract-smoke.service", enabled: true,
             contents: "[Unit]\nDescription=Contract smoke unit\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c \"echo ran $SMOKE > /run/contract-smoke.ran\"\n\n[Install]\nWantedBy=multi-user.target\n",
             dropins: [{name: "10-env.conf", contents: "[Service]\nEnvironment=SMOKE=dropin\n"}]},
            {name: "contract-masked.service", mask: true}
          ]}
        }' >"$dir/config.ign"
}
