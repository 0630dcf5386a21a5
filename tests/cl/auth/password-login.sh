#!/bin/bash
# kola's coreos.auth.verify (flatcar/mantle kola/tests/misc/auth.go) from inside the machine: log in to its sshd over
# its own network address as core with the password "asdf", by password or keyboard-interactive authentication only.
# Prints
#   address=the address sshd was reached at
#   login=denied (sshd refused: "Permission denied"), accepted (the login ran a command) or error (anything else)
#   offered=the methods sshd offered ("Authentications that can continue", empty when it named none)
#   detail=ssh's last message
set -uo pipefail
address=$(ip -4 -o addr show scope global | awk '{ split($4, a, "/"); print a[1]; exit }')
[[ -n $address ]] || { echo "password-login.sh: the machine has no global IPv4 address" >&2; exit 1; }

askpass=$(mktemp)
trap 'rm -f "$askpass"' EXIT
printf '#!/bin/sh\necho asdf\n' >"$askpass"
chmod 0700 "$askpass"

log=$(SSH_ASKPASS="$askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none timeout 60 ssh -v -F /dev/null \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null \
    -o PubkeyAuthentication=no -o HostbasedAuthentication=no -o GSSAPIAuthentication=no -o IdentityAgent=none \
    -o PreferredAuthentications=password,keyboard-interactive -o NumberOfPasswordPrompts=1 \
    -o ConnectTimeout=20 "core@$address" echo logged-in </dev/null 2>&1)
status=$?

if [[ $status -eq 0 && $log == *logged-in* ]]; then
    login=accepted
elif [[ $status -eq 255 && $log == *"Permission denied"* ]]; then
    login=denied
else
    login=error
fi
offered=$(sed -n 's/.*Authentications that can continue: //p' <<<"$log" | tail -n1 | tr -d '\r')
detail=$(grep -v '^debug' <<<"$log" | tail -n1 | tr -d '\r')
printf 'address=%s\nlogin=%s\noffered=%s\ndetail=%s (exit %s)\n' "$address" "$login" "$offered" "$detail" "$status"
