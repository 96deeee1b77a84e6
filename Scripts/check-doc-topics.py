#!/usr/bin/env python3
"""Checks that every top-level public symbol of a module is curated in a Topics group of its DocC catalog.

Usage: check-doc-topics.py SYMBOL_GRAPH_DIR CATALOG

Top-level symbols (types, protocols, functions, globals, and the types of other modules the module extends, such
as ``Swift/Dictionary``; members are documented on their type's page) come from the module's symbol graphs;
curated ones are the ``links`` in the list items under a "## Topics" heading of any Markdown file of the catalog. An overloaded name needs one link per overload. Prints each missing symbol with its
source file, the uncurated link to paste, and exits 1.
"""
import collections
import glob
import json
import os
import re
import sys


def top_level_symbols(graph_dir):
    """Maps each top-level name to its symbols (kind, file): the module's own types, functions and globals, and the
    types of other modules it extends (`Swift/Dictionary`, from the extension blocks of `Module@Swift.symbols.json`)."""
    graphs = glob.glob(os.path.join(graph_dir, "*.symbols.json"))
    if len([path for path in graphs if "@" not in os.path.basename(path)]) != 1:
        sys.exit(f"check-doc-topics: expected one main symbol graph in {graph_dir}, found {graphs}")
    symbols = collections.defaultdict(list)
    for path in graphs:
        extended = os.path.basename(path).removesuffix(".symbols.json").partition("@")[2]
        for symbol in json.load(open(path))["symbols"]:
            if len(symbol["pathComponents"]) != 1 or (extended and symbol["kind"]["identifier"] != "swift.extension"):
                continue
            uri = symbol.get("location", {}).get("uri", "")
            source = re.sub(r"^.*?/(Sources/)", r"\1", uri.replace("file://", "")) or "(unknown file)"
            name = f"{extended}/{symbol['pathComponents'][0]}" if extended else symbol["pathComponents"][0]
            symbols[name].append((symbol["kind"]["displayName"], source))
    return symbols


def curated_links(catalog):
    """Counts the symbol links listed under a Topics section, by the top-level name (or `Module/Type`) they name."""
    module = os.path.basename(catalog).removesuffix(".docc")
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
                    if len(target) > 1 and target[0] == module:
                        target = target[1:]
                    # Drop a disambiguation suffix: name-hash, name-swift.class, name(_:)-(Int)->Float, name(_:)->(A,B) ...
                    target[-1] = re.sub(r"\)->.*$", ")", target[-1])  # a return-type disambiguation: f(_:)->(A,B)
                    target[-1] = re.sub(r"(\)|[A-Za-z0-9_]+)-[^()]*$|(\))-\(.*$", r"\1\2", target[-1])
                    links["/".join(target)] += 1
    return links


def main():
    graph_dir, catalog = sys.argv[1], sys.argv[2]
    symbols, links = top_level_symbols(graph_dir), curated_links(catalog)
    missing = []
    for name, overloads in sorted(symbols.items()):
        if links[name] < len(overloads):
            for kind, source in overloads[links[name]:] if links[name] else overloads:
                missing.append((source, name, kind))
    extended = {name.split("/")[0] for name in symbols if "/" in name}
    stale = sorted(name for name in links if name not in symbols and ("/" not in name or name.split("/")[0] in extended))
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
