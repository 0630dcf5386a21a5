#!/bin/bash
# kola's cl.users.shells (flatcar/mantle kola/tests/misc/users.go): every account getent lists has /sbin/nologin or
# the shell Flatcar gives that account. Arguments: USER=SHELL pairs. As in kola, /bin/sh counts as /bin/bash (a link
# to it on Flatcar). Prints
#   accounts=how many accounts getent listed
#   invalid=ENTRY  for every passwd entry that breaks the rule
set -euo pipefail
declare -A valid=()
for pair in "$@"; do valid[${pair%%=*}]=${pair#*=}; done

count=0 invalid=()
while IFS= read -r entry; do
    count=$((count + 1))
    IFS=: read -r -a fields <<<"$entry"
    # getent prints 7 fields; an empty last field (no shell) leaves 6 after read
    if [[ $(tr -cd : <<<"$entry" | wc -c) -ne 6 ]]; then invalid+=("$entry"); continue; fi
    user=${fields[0]} shell=${entry##*:}
    [[ $shell == /bin/sh ]] && shell=/bin/bash
    # as kola: an account it names no shell for has the empty shell "" there
    [[ $shell == /sbin/nologin || $shell == "${valid[$user]:-}" ]] || invalid+=("$entry")
done < <(getent passwd)

printf 'accounts=%s\n' "$count"
for entry in "${invalid[@]+"${invalid[@]}"}"; do printf 'invalid=%s\n' "$entry"; done
