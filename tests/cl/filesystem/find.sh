#!/bin/bash
# One of kola's cl.filesystem searches (flatcar/mantle kola/tests/misc/files.go), with kola's find expressions and
# pruned paths: prints every path the search finds that is not among the allowed paths given after the check's name,
# one a line, nothing when the file system is clean.
# Usage: find.sh deadlinks|suid|sgid|writablefiles|writabledirs|stickydirs|blacklist [ALLOWED_PATH...]
set -euo pipefail
check=$1
shift

# find -path P -prune -o ... for each P
prune() {
    local p
    for p in "$@"; do printf -- '-path\0%s\0-prune\0-o\0' "$p"; done
}

search() {
    local -a pruned=()
    mapfile -d '' pruned < <(prune "${skip[@]}")
    find / -ignore_readdir_race "${pruned[@]}" "$@" -print
}

case $check in
deadlinks)
    skip=(/dev /proc /run/systemd /run/udev/links /run/udev/watch /run/user/500/systemd/units /sys /var/lib/docker
        /var/lib/rkt /var/lib/flatcar-oem-gce /usr/share/flatcar/etc)
    found=$(search -xtype l) ;;
suid | sgid)
    skip=(/proc /sys /var/lib/docker /var/lib/rkt /var/lib/flatcar-oem-gce)
    if [[ $check == suid ]]; then mode=-4000; else mode=-2000; fi
    found=$(search -type f -perm "$mode") ;;
writablefiles)
    skip=(/sys /proc /var/lib/rkt)
    found=$(search -type f -perm -0002) ;;
writabledirs)
    skip=(/sys /proc /var/lib/rkt)
    found=$(search -type d -perm -0002 -a ! -perm -1000) ;;
stickydirs)
    # The roots of these (tmpfs defaults to 1777) are sticky and may have sticky children.
    skip=(/proc /sys /var/lib/docker /var/lib/rkt /var/lib/flatcar-oem-gce /dev/mqueue /dev/shm /media /tmp /var/tmp)
    found=$(search -type d -perm /1000) ;;
blacklist)
    skip=(/proc /sys /var/lib/docker /var/lib/rkt /run)
    # Left out of the image and might slip in; net-tools' *.old copies; control characters, space, DEL in names.
    control=$'*[\x01-\x1f]*' del=$'*\x7f*'
    found=$(search \( -path /usr/bin/perl -o -path /usr/bin/python -o -path /usr/share/man -o -path '/usr/bin/*.old' \
        -o -path "$control" -o -path '* *' -o -path "$del" \)) ;;
*)
    echo "find.sh: unknown check '$check'" >&2
    exit 2 ;;
esac

[[ -n $found ]] || exit 0
while IFS= read -r path; do
    allowed=no
    for a in "$@"; do [[ $path == "$a" ]] && allowed=yes; done
    [[ $allowed == yes ]] || printf '%s\n' "$path"
done <<<"$found"
