#!/bin/bash
# kola's systemd.sysusers.gshadow (flatcar/mantle kola/tests/systemd/sysusers.go, coreos/bugs#1394): glibc's
# /etc/gshadow parser must not make systemd-sysusers crash on a line that fits the 1024-byte buffer but whose member
# list does not fit with it. Appends kola's three lines to /etc/gshadow and runs systemd-sysusers. Prints
#   appended=how many of the three lines /etc/gshadow now has
#   sysusers.exit=systemd-sysusers' exit code (139 = SIGSEGV)
#   sysusers.output=its last line of output
set -uo pipefail
members=$(printf 'somebody.a%s,' $(seq 1 47))a1234
printf '%s\n' 'grp0:*::root' "grp1:*::$members" 'grp2:*::root' >>/etc/gshadow
appended=$(grep -c -x -e 'grp0:\*::root' -e "grp1:\*::$members" -e 'grp2:\*::root' /etc/gshadow)
output=$(systemd-sysusers 2>&1)
status=$?
printf 'appended=%s\nsysusers.exit=%s\nsysusers.output=%s\n' "$appended" "$status" "$(tail -n1 <<<"$output")"
