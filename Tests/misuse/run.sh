#!/usr/bin/env bash
# Issue 12's misuse suite: builds Examples/MisuseSuite in release and runs every case in its own process, under
# `timeout 10` and a 1 GiB address-space limit. A case passes when it ends as its table says:
#   error  exit 0 with "OK <case>: <SwiftKerasError message>" (the program checks the message's fragments)
#   works  exit 0 with "OK <case>: ..." (correct use that used to overflow or trap)
#   trap   killed by a signal, with a "Fatal error" on stderr that contains every fragment listed
# Prints one line per failure and ends with "misuse suite: N passed, N failed" and the counts per outcome.
# Usage: Tests/misuse/run.sh [--skip-build] [case ...]
set -uo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--skip-build" ]]; then shift; else
    swift build -c release --product MisuseSuite >/dev/null || { echo "misuse suite: build failed"; echo "misuse suite: 0 passed, 1 failed"; exit 1; }
fi
binary="$(swift build -c release --show-bin-path)/MisuseSuite"
memory_limit=$((1 << 30))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0 failed=0 errors=0 traps=0 works=0
while read -r name kind fragments; do
    if [[ $# -gt 0 ]] && [[ ! " $* " == *" $name "* ]]; then continue; fi
    # The inner shell reports a trap ("Illegal instruction") on its own stderr, which is discarded; a case that
    # times out is run once more, since the machine may be busy (these runs are niced).
    for attempt in 1 2; do
        bash -c 'timeout 10 prlimit --as="$1" "$2" "$3" </dev/null >"$4/out" 2>"$4/err"; echo $? >"$4/status"' \
            _ "$memory_limit" "$binary" "$name" "$work" 2>/dev/null
        status=$(cat "$work/status")
        [[ $status -eq 124 ]] || break
    done
    ok=false
    case "$kind" in
        error|works)
            if [[ $status -eq 0 ]] && grep -q "^OK $name: " "$work/out"; then ok=true; fi ;;
        trap)
            # 124: timeout; 0-2: the program returned. A trap is a signal (exit status above 128, not 137 = killed).
            if [[ $status -gt 128 && $status -ne 137 ]] && grep -q "Fatal error" "$work/err"; then
                ok=true
                IFS='|' read -ra parts <<<"$fragments"
                for part in "${parts[@]}"; do grep -qF -- "$part" "$work/err" || ok=false; done
            fi ;;
    esac
    if $ok; then
        passed=$((passed + 1))
        case "$kind" in error) errors=$((errors + 1));; trap) traps=$((traps + 1));; works) works=$((works + 1));; esac
        [[ -n "${MISUSE_VERBOSE:-}" ]] && { cat "$work/out"; grep -h "Fatal error" "$work/err"; }
    else
        failed=$((failed + 1))
        echo "FAILED $name (expected $kind${fragments:+ with $fragments}, exit status $status)"
        sed 's/^/    /' "$work/out" | head -5
        grep -h "Fatal error" "$work/err" | sed 's/^/    /' | head -3
    fi
done < <("$binary" --list)

echo "misuse suite: $errors thrown errors, $traps traps with messages, $works correct uses that complete"
echo "misuse suite: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
