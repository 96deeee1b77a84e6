#!/bin/sh
# Runs the whole test suite once under AddressSanitizer, in its own build folder (.build-asan) so the normal
# .build is left alone, and says whether ASan reported anything. Takes 10+ minutes on a small machine.
# Usage: Tests/asan/run.sh [extra swift test arguments]   (prefix with `nice -n 19` on a shared machine)
set -u
cd "$(dirname "$0")/../.." || exit 2
log=".build-asan/asan-test.log"
mkdir -p .build-asan
echo "ASan run started $(date -u '+%Y-%m-%d %H:%M:%S UTC'); log: $log"
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
    swift test --sanitize=address --scratch-path .build-asan "$@" </dev/null >"$log" 2>&1
status=$?
reports=$(grep -c "ERROR: AddressSanitizer" "$log")
echo "ASan run finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'): swift test exit status $status"
grep -a "Executed .* tests" "$log" | tail -1
if [ "$reports" -gt 0 ]; then
    echo "AddressSanitizer reports: $reports (see $log):"
    grep -a -A12 "ERROR: AddressSanitizer" "$log" | head -60
    exit 1
fi
echo "AddressSanitizer reports: none"
exit "$status"
