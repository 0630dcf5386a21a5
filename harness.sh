#!/usr/bin/env bash
# The harness command line (harness/Cli): builds it when needed, then runs it.  ./harness.sh --help
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
bin=$root/harness/Cli/bin/Release/net10.0/Harness.Cli
if [ ! -x "$bin" ] || [ -n "$(find "$root/harness" "$root/platforms" \( -name obj -o -name bin \) -prune -o -name '*.cs' -newer "$bin" -print -quit)" ]; then
    dotnet build "$root/harness/Cli" -c Release -nologo -v q -clp:ErrorsOnly\;NoSummary >&2
fi
exec "$bin" "$@"
