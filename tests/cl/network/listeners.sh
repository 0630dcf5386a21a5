#!/bin/bash
# kola's cl.network.listeners (flatcar/mantle kola/tests/misc/network.go) on the running machine: with docker.service
# started (kola's config enables it, to see the docker stack's listeners), every TCP/UDP socket that listens or is
# bound must be held by a process Flatcar has there. Arguments: the allowed listeners as PROTO:PORT:PROCESS (PORT *
# for any port; tcp also matches tcp over IPv6, as kola's prefix match does). Prints
#   listening=PROTO ADDRESS:PORT PROCESS   for every listener
#   unexpected=PROTO ADDRESS:PORT PROCESS  for every listener no argument allows
# After kola, three tries 5 s apart before a listener counts as unexpected.
set -euo pipefail
systemctl start docker.service

allowed() { # proto port process
    local a p port proc
    for a in "${allowed_list[@]}"; do
        IFS=: read -r p port proc <<<"$a"
        # ss shows the kernel's process name (comm), at most 15 characters
        [[ $1 == "$p"* && ($port == '*' || $port == "$2") && $3 == "${proc:0:15}" ]] && return 0
    done
    return 1
}

allowed_list=("$@")
for try in 1 2 3; do
    listening=() unexpected=()
    # Netid State Recv-Q Send-Q Local:Port Peer:Port users:(("name",pid=N,fd=N),...)
    while read -r proto _ _ _ local _ users; do
        port=${local##*:}
        mapfile -t names < <(grep -o '(("[^"]*"\|,("[^"]*"' <<<"$users" | sed 's/.*"\(.*\)"/\1/')
        [[ ${#names[@]} -gt 0 ]] || names=("-")
        for name in "${names[@]}"; do
            listening+=("$proto $local $name")
            allowed "$proto" "$port" "$name" || unexpected+=("$proto $local $name")
        done
    done < <(ss -H -tulpn)
    [[ ${#unexpected[@]} -eq 0 || $try -eq 3 ]] && break
    sleep 5
done
for l in "${listening[@]+"${listening[@]}"}"; do printf 'listening=%s\n' "$l"; done
for l in "${unexpected[@]+"${unexpected[@]}"}"; do printf 'unexpected=%s\n' "$l"; done
