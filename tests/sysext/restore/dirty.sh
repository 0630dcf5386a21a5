#!/bin/bash
# Leaves marks a later machine must not see: a file in /etc, a folder in /var, and (merged by the test before this
# runs) the directory extension restore-isolation in /etc/extensions, whose file shows in /usr.
set -euo pipefail
echo "written by the first restored machine" > /etc/restore-isolation.conf
mkdir -p /var/lib/restore-isolation
echo "written by the first restored machine" > /var/lib/restore-isolation/marker
sync
