#!/usr/bin/env bash
# Runs the harness end to end on this machine: prerequisites, contract image, build, unit tier, catalog.
#
#   ./run_local_tests.sh                 unit tests, then the whole catalog
#   ./run_local_tests.sh GLOB…           only the catalog tests matching the kola globs (no unit tiers first)
#   ./run_local_tests.sh --unit-only     unit tests only (no VM)
#   ./run_local_tests.sh --ci            everything CI runs: image build + smoke, unit tests, the whole catalog on
#                                        amd64, then the arm64 set on the arm64 contract image (HARNESS_CI_ARM64_TESTS)
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
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run_local_tests.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
        *) globs+=("$arg") ;;
    esac
done

step() { printf '\n== %s\n' "$*"; }

# What --ci runs on arm64 after the whole catalog on amd64: nothing by default since emulated arm64 guests soft-lock
# in disk I/O under TCG (cl.basic too, in a local CI of 2026-12-07 22:33; issue 7's set had every cl.ignition.*
# test; since every boot merges Flatcar's built-in extensions and starts containerd, that set no longer fits CI's budget
# until machines are restored from snapshots; sysext.simple was dropped after an arm64 guest soft-locked in udev during
# CI of 2026-12-07, docs/benchmarks.md). HARNESS_CI_ARM64_TESTS overrides it ('cl.basic,cl.ignition.*,
# cl.update.payload,sysext.simple' for issue 7's; 'cl.basic' for the smallest); empty runs none (docs/benchmarks.md).
ARM64_TESTS=${HARNESS_CI_ARM64_TESTS-}

arch=${HARNESS_ARCH:-amd64}
contract=0
if [ "$unit_only" = 0 ] && [ -z "${HARNESS_IMAGE:-}" ] && [ "${HARNESS_PLATFORM:-qemu}" = qemu ]; then
    contract=1
fi
second_arch=
if [ "$ci" = 1 ] && [ "$contract" = 1 ] && [ "$arch" = amd64 ] && [ -n "$ARM64_TESTS" ] && [ -z "${HARNESS_TESTS:-}" ] && [ ${#globs[@]} -eq 0 ]; then
    second_arch=arm64
fi

step "prerequisites"
# The second architecture's host packages come with its image build (images/contract/build installs what it lacks),
# in the background, off this critical path.
scripts/install-prerequisites "$arch"

build_images() { # arch: the contract image N and N+1 with its update payload
    images/contract/build --arch "$1"
    images/contract/build --arch "$1" --version 1.0.1 --link next
}

# Background jobs (the images, the smoke check) write to a log printed when they are waited for.
mkdir -p artifacts/ci
# On exit, early or not, the background jobs and everything they started (an image build's debootstrap, a smoke
# check's QEMU) are stopped: a TERM to the job's subshell alone would leave its children running.
process_tree() { # pid: it and its descendants
    local child
    echo "$1"
    for child in $(pgrep -P "$1" 2>/dev/null); do process_tree "$child"; done
}
stop_background() {
    local pids job
    pids=$(for job in $(jobs -p); do process_tree "$job"; done)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
}
trap stop_background EXIT
background() { # name command…: run in the background, log in artifacts/ci/NAME.log
    local name=$1
    shift
    "$@" >"artifacts/ci/$name.log" 2>&1 &
    eval "bg_$name=\$!"
}
lowest_priority() { # command…: run at the lowest CPU and I/O priority; what it starts inherits them
    renice -n 19 -p "$BASHPID" >/dev/null || true
    ionice -c 2 -n 7 -p "$BASHPID" 2>/dev/null || true
    "$@"
}
wait_background() { # name title: wait for it, print its log as a step, return its status
    local name=$1 title=$2 pid rc=0
    eval "pid=\${bg_$name}"
    wait "$pid" || rc=$?
    step "$title"
    cat "artifacts/ci/$name.log"
    [ "$rc" = 0 ] || echo "$title failed (exit $rc); log: artifacts/ci/$name.log"
    return "$rc"
}

if [ "$contract" = 1 ]; then
    # Mostly downloads and one core: it runs beside the .NET build and the unit tiers, which need no image.
    echo "building the $arch contract image (N and N+1) in the background (artifacts/ci/image_$arch.log)"
    background "image_$arch" build_images "$arch"
fi

step "build"
dotnet build Harness.sln -c Release -nologo -clp:ErrorsOnly
if [ ${#globs[@]} -gt 0 ]; then
    # A pattern that matches no test is bad input: one line naming it, and nothing run.
    harness/Cli/bin/Release/net10.0/Harness.Cli list --check --no-build --project tests/cl tests/sysext tests/kubeadm -- "${globs[@]}" || exit 2
fi

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
# A person naming catalog tests wants those tests: the harness's own tiers run with --ci, --unit-only or no globs.
unit_tiers=1
if [ ${#globs[@]} -gt 0 ] && [ "$ci" = 0 ] && [ "$unit_only" = 0 ]; then
    unit_tiers=0
fi
fast='Category!=Integration&Category!=EndToEnd'
if [ "$unit_tiers" = 1 ]; then
    run_tests tests/unit/Harness.Tests unit-core --filter "$fast" || status=1
    run_tests tests/unit/Harness.Platforms.Qemu.Tests unit-qemu --filter "$fast" || status=1
    run_tests tests/unit/Harness.Platforms.Azure.Tests unit-azure --filter "$fast" || status=1
fi

image_ready=0
if [ "$contract" = 1 ]; then
    if wait_background "image_$arch" "contract image ($arch): N and N+1 with its update payload"; then
        image_ready=1
        if [ "$ci" = 1 ]; then
            echo "running the contract image smoke check in the background (artifacts/ci/smoke.log)"
            # One boot: later boots (no Ignition again, files kept) are the catalog's cl.reboot and cl.ignition.once.
            background smoke images/contract/smoke --arch "$arch" --no-reboot
        fi
    else
        status=1
    fi
fi
if [ "$unit_only" = 0 ] && [ "$unit_tiers" = 1 ]; then
    # Real QEMU with firmware only (no image): process lifetime, QMP, cleanup, cancellation.
    run_tests tests/unit/Harness.Platforms.Qemu.Tests qemu-integration --filter "Category=Integration" || status=1
    # The Azure platform against the fake ARM endpoint, with a QEMU machine standing in for the VM.
    run_tests tests/unit/Harness.Platforms.Azure.Tests azure-integration --filter "Category=Integration" || status=1
fi

if [ "$ci" = 1 ] && [ "$image_ready" = 1 ]; then
    wait_background smoke "contract image smoke check (plain qemu, no C#)" || status=1
fi
if [ -n "$second_arch" ] && [ "$image_ready" = 1 ]; then
    # Built while the amd64 catalog runs (its waits are made for a loaded host), not beside the integration tiers:
    # under the build's load a firmware-only QEMU once left a QMP command unanswered for 30 s there.
    # At the lowest priority: it uses what the catalog's machines leave idle and slows them down less.
    echo "building the $second_arch contract image in the background at the lowest priority (artifacts/ci/image_$second_arch.log)"
    background "image_$second_arch" lowest_priority build_images "$second_arch"
fi

if [ "$unit_only" = 0 ] && [ "$contract" = 1 ] && [ "$image_ready" = 0 ]; then
    echo "no catalog run: the $arch contract image did not build (artifacts/ci/image_$arch.log)"
elif [ "$unit_only" = 0 ]; then
    if [ ${#globs[@]} -gt 0 ]; then
        HARNESS_TESTS=$(IFS=,; echo "${globs[*]}")
        export HARNESS_TESTS
    fi
    mkdir -p artifacts/runs
    marker=$(mktemp -p artifacts/runs .invocation.XXXXXX)   # run folders newer than this are this invocation's
    run_tests tests/cl catalog-cl || status=1
    run_tests tests/sysext catalog-sysext || status=1
    run_tests tests/kubeadm catalog-kubeadm || status=1
    if [ -n "$second_arch" ]; then
        if wait_background "image_$second_arch" "contract image ($second_arch): N and N+1 with its update payload"; then
            HARNESS_ARCH=$second_arch HARNESS_TESTS=$ARM64_TESTS run_tests tests/cl "catalog-cl-$second_arch" || status=1
            HARNESS_ARCH=$second_arch HARNESS_TESTS=$ARM64_TESTS run_tests tests/sysext "catalog-sysext-$second_arch" || status=1
        else
            status=1
        fi
    fi
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
