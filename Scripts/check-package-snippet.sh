#!/usr/bin/env bash
# Checks README's "Use it in your own package" snippet: builds a new package made of the files README marks with
# `<!-- snippet-check: PATH -->` (its Package.swift and main.swift), depending on this clone through
# `.package(path: "../SwiftKeras")`, and runs it. Debug build, in a temporary folder that is removed afterwards.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The snippet names the dependency's folder ../SwiftKeras, whose last component is the package's identity.
ln -s "$repo" "$work/SwiftKeras"
mkdir "$work/app"
python3 - "$repo/README.md" "$work/app" <<'PY'
import os, re, sys
readme, app = sys.argv[1], sys.argv[2]
snippets = re.findall(r"<!-- snippet-check: (\S+) -->\s*```swift\n(.*?)```", open(readme, encoding="utf-8").read(), re.S)
paths = [path for path, _ in snippets]
if "Package.swift" not in paths or not any(path.endswith("main.swift") for path in paths):
    sys.exit(f"check-package-snippet: README.md must mark a Package.swift and a main.swift snippet, found {paths}")
for path, code in snippets:
    os.makedirs(os.path.dirname(os.path.join(app, path)), exist_ok=True)
    open(os.path.join(app, path), "w", encoding="utf-8").write(code)
    print(f"check-package-snippet: {path} from README.md ({code.count(chr(10))} lines)")
PY
cd "$work/app"
swift build
product="$(sed -n 's/.*executableTarget(name: "\([^"]*\)".*/\1/p' Package.swift | head -1)"
swift run --skip-build "$product"
echo "check-package-snippet: README's package snippet builds and runs"
