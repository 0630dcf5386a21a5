#!/bin/bash
# Prints one line that changes when anything visible under /usr changes: every path with its type, size and mode,
# hashed. Used to prove that a refused extension left /usr exactly as it was.
set -euo pipefail
find /usr -xdev -printf '%p %y %s %m\n' 2>/dev/null | LC_ALL=C sort | sha256sum | cut -d' ' -f1
