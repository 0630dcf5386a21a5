#!/usr/bin/env bash
# Runs the harness end to end on this machine: prerequisites, contract image, build, unit tier, catalog.
#
#   ./run_local_tests.sh [GLOB…]        unit tests, then the catalog tests matching the kola globs (default: all)
#   ./run_local_tests.sh --unit-only     unit tests only (no VM)
#   ./run_local_tests.sh --ci            everything CI runs: image build + smoke, unit tests, the whole catalog
#
# Environment: HARNESS_IMAGE (a Flatcar qemu_uefi image instead of the contract image), HARNESS_ARCH,
# HARNESS_FIRMWARE_CODE/VARS, HARNESS_PARALLEL, … (see README.md). Logic lives in C#; this script only orders steps.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

unit_only=0 ci=0 globs=()
for arg in "$@"; do
    case "$arg" in
        --unit-only) unit_only=1 ;;
        --ci) ci=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run_local_tests.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
        *) globs+=("$arg") ;;
    esac
done

step() { printf '\n== %s\n' "$*"; }

step "prerequisites"
scripts/install-prerequisites

arch=${HARNESS_ARCH:-amd64}
if [ "$unit_only" = 0 ] && [ -z "${HARNESS_IMAGE:-}" ] && [ "${HARNESS_PLATFORM:-qemu}" = qemu ]; then
    step "contract image ($arch)"
    images/contract/build --arch "$arch"
    step "contract image N+1 and its update payload ($arch)"
    images/contract/build --arch "$arch" --version 1.0.1 --link next
    if [ "$ci" = 1 ]; then
        step "contract image smoke check (plain qemu, no C#)"
        images/contract/smoke --arch "$arch"
    fi
fi

step "build"
dotnet build Harness.sln -c Release -nologo -clp:ErrorsOnly

results_dir=$root/artifacts/test-results
rm -rf "$results_dir"
mkdir -p "$results_dir"

run_tests() { # project label [dotnet test options…]
    local project=$1 label=$2
    shift 2
    step "$label"
    dotnet test "$project" -c Release --no-build -nologo \
        --logger "console;verbosity=normal" \
        --logger "trx;LogFileName=$label.trx" --results-directory "$results_dir" "$@"
}

status=0
fast='Category!=Integration&Category!=EndToEnd'
run_tests tests/unit/Harness.Tests unit-core --filter "$fast" || status=1
run_tests tests/unit/Harness.Platforms.Qemu.Tests unit-qemu --filter "$fast" || status=1
run_tests tests/unit/Harness.Platforms.Azure.Tests unit-azure --filter "$fast" || status=1
if [ "$unit_only" = 0 ]; then
    # Real QEMU with firmware only (no image): process lifetime, QMP, cleanup, cancellation.
    run_tests tests/unit/Harness.Platforms.Qemu.Tests qemu-integration --filter "Category=Integration" || status=1
    # The Azure platform against the fake ARM endpoint, with a QEMU machine standing in for the VM.
    run_tests tests/unit/Harness.Platforms.Azure.Tests azure-integration --filter "Category=Integration" || status=1
fi

if [ "$unit_only" = 0 ]; then
    if [ ${#globs[@]} -gt 0 ]; then
        HARNESS_TESTS=$(IFS=,; echo "${globs[*]}")
        export HARNESS_TESTS
    fi
    mkdir -p artifacts/runs
    marker=$(mktemp -p artifacts/runs .invocation.XXXXXX)   # run folders newer than this are this invocation's
    run_tests tests/cl catalog-cl || status=1
    run_tests tests/sysext catalog-sysext || status=1
    run_tests tests/kubeadm catalog-kubeadm || status=1
    if [ -e artifacts/runs/latest ]; then
        echo "run folder: $(readlink -f artifacts/runs/latest)"
    fi

    step "report"
    mapfile -t run_results < <(find artifacts/runs -mindepth 2 -maxdepth 2 -name results.json -newer "$marker")
    rm -f "$marker"
    if [ ${#run_results[@]} -gt 0 ]; then
        dotnet harness/Cli/bin/Release/net10.0/Harness.Cli.dll report --output artifacts/report "${run_results[@]}" || status=1
    else
        echo "no results.json from this run"
    fi
fi

scripts/summarize-trx "$results_dir"
exit $status
