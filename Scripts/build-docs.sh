#!/usr/bin/env bash
# Builds the API reference with the toolchain's own docc (no package plugin) and fails on any warning.
#
#   Scripts/build-docs.sh            .build/docs/SwiftKeras.doccarchive and .build/docs/SIMDKernels.doccarchive
#   Scripts/build-docs.sh --static   the same, transformed for static hosting (any web server, or python3 -m http.server)
#
# Steps: a debug build of the modules; their symbol graphs (public symbols, with those SwiftKeras re-exports from
# Formats); a check that every top-level public symbol is curated in a Topics group of its catalog
# (Scripts/check-doc-topics.py); then `docc convert` of each catalog with --warnings-as-errors.
set -euo pipefail
cd "$(dirname "$0")/.."

static=()
if [[ "${1:-}" == "--static" ]]; then static=(--transform-for-static-hosting); fi

docc="$(dirname "$(command -v swift)")/docc"
[[ -x "$docc" ]] || docc="$(command -v docc)"
out=.build/docs
graphs="$out/symbol-graphs"
rm -rf "$out"
mkdir -p "$graphs/SwiftKeras" "$graphs/SIMDKernels"

swift build --target SwiftKeras
modules="$(swift build --show-bin-path)/Modules"
triple="$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')"
extract() {  # module, then extra flags
    local module=$1
    shift
    swift symbolgraph-extract -module-name "$module" -I "$modules" -target "$triple" \
        -minimum-access-level public -emit-extension-block-symbols -output-dir "$graphs/$module" "$@"
}
# SwiftKeras re-exports Formats (`@_exported import Formats`), so its reference includes JSONValue, SwiftKerasError...
extract SwiftKeras -experimental-allowed-reexported-modules=Formats
extract SIMDKernels

python3 Scripts/check-doc-topics.py "$graphs/SwiftKeras" Sources/SwiftKeras/SwiftKeras.docc
python3 Scripts/check-doc-topics.py "$graphs/SIMDKernels" Sources/SIMDKernels/SIMDKernels.docc

for module in SwiftKeras SIMDKernels; do
    log="$out/$module.log"
    status=0
    "$docc" convert "Sources/$module/$module.docc" \
        --additional-symbol-graph-dir "$graphs/$module" \
        --output-path "$out/$module.doccarchive" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "org.swiftkeras.$module" \
        --warnings-as-errors ${static[@]+"${static[@]}"} >"$log" 2>&1 || status=$?
    cat "$log"
    if [[ $status -ne 0 ]] || grep -qiE "(warning|error):" "$log"; then
        echo "docc: $module's documentation has warnings or errors (above)" >&2
        exit 1
    fi
    echo "docc: $out/$module.doccarchive, no warnings"
done
