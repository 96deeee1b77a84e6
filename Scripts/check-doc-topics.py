#!/usr/bin/env python3
"""Checks that every top-level public symbol of a module is curated in a Topics group of its DocC catalog.

Usage: check-doc-topics.py SYMBOL_GRAPH_DIR CATALOG

Top-level symbols (types, protocols, functions, globals; members are documented on their type's page) come from
the module's symbol graph; curated ones are the ``links`` in the list items under a "## Topics" heading of any
Markdown file of the catalog. An overloaded name needs one link per overload. Prints each missing symbol with its
source file, the uncurated link to paste, and exits 1.
"""
import collections
import glob
import json
import os
import re
import sys


def top_level_symbols(graph_dir):
    """Maps each top-level name to its symbols (kind, file) in the module's main symbol graph."""
    graphs = [path for path in glob.glob(os.path.join(graph_dir, "*.symbols.json")) if "@" not in os.path.basename(path)]
    if len(graphs) != 1:
        sys.exit(f"check-doc-topics: expected one main symbol graph in {graph_dir}, found {graphs}")
    symbols = collections.defaultdict(list)
    for symbol in json.load(open(graphs[0]))["symbols"]:
        if len(symbol["pathComponents"]) != 1:
            continue
        uri = symbol.get("location", {}).get("uri", "")
        source = re.sub(r"^.*?/(Sources/)", r"\1", uri.replace("file://", "")) or "(unknown file)"
        symbols[symbol["pathComponents"][0]].append((symbol["kind"]["displayName"], source))
    return symbols


def curated_links(catalog):
    """Counts the symbol links listed under a Topics section, by the top-level name they start with."""
    links = collections.Counter()
    for path in glob.glob(os.path.join(catalog, "**", "*.md"), recursive=True):
        in_topics = False
        for line in open(path, encoding="utf-8"):
            if line.startswith("## "):
                in_topics = line.strip() == "## Topics"
            elif in_topics:
                match = re.match(r"\s*-\s+``([^`]+)``", line)
                if match:
                    target = match.group(1).split("/")
                    if len(target) > 1 and target[0] in (os.path.basename(catalog).removesuffix(".docc"),):
                        target = target[1:]
                    if len(target) == 1:
                        # Drop a disambiguation suffix: name-hash, name-swift.class, name(_:)-(Int)->Float ...
                        links[re.sub(r"(\)|[A-Za-z0-9_]+)-[^()]*$|(\))-\(.*$", r"\1\2", target[0])] += 1
    return links


def main():
    graph_dir, catalog = sys.argv[1], sys.argv[2]
    symbols, links = top_level_symbols(graph_dir), curated_links(catalog)
    missing = []
    for name, overloads in sorted(symbols.items()):
        if links[name] < len(overloads):
            for kind, source in overloads[links[name]:] if links[name] else overloads:
                missing.append((source, name, kind))
    stale = sorted(name for name in links if name not in symbols)
    module = os.path.basename(catalog).removesuffix(".docc")
    if missing:
        print(f"check-doc-topics: {len(missing)} public symbol(s) of {module} are in no Topics group of {catalog}:")
        for source, name, kind in sorted(missing):
            print(f"  {source}: {kind} ``{name}``")
        print("Add each as a line `- ``Name``` under the Topics group of its source folder (or file).")
    if stale:
        print(f"check-doc-topics: links in {catalog}'s Topics to no top-level symbol of {module}: "
              + ", ".join(stale))
    if missing or stale:
        sys.exit(1)
    print(f"check-doc-topics: all {sum(map(len, symbols.values()))} top-level public symbols of {module} are curated")


if __name__ == "__main__":
    main()
