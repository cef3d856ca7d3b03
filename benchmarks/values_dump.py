"""Every fact of the value analysis of a set of files: the before/after check of its speed work.

    python benchmarks/values_dump.py DIR_OR_FILE... > before.txt
    (change toilint/semantic/values.py)
    python benchmarks/values_dump.py DIR_OR_FILE... > after.txt && cmp before.txt after.txt

Stricter than ``diagnostics_dump.py``: a change that alters any answer of the analysis shows
up, whether a rule reports it or not. Per file (sorted lines): the value of every node the
analysis reached (kinds and shape bits, program functions, native module or function, table
origins), every variable's summary, every function's return and parameter values, the escaped
functions and tables, the mutated tables, the items of table literals, every site (what a unit
runs or mutates where), whether the file makes metatables, and the number of passes. Nodes are
named by class and span, so two runs over the same text compare line by line.
"""

from __future__ import annotations

import sys

from diagnostics_dump import toi_files  # the same files as the diagnostics' dump (this directory)

from toilint import ast
from toilint.semantic import build
from toilint.semantic import values as V
from toilint.syntax import parse


def node(n: object) -> str:
    if n is V.ELSEWHERE:
        return "elsewhere"
    assert isinstance(n, ast.Node)
    return f"{type(n).__name__}@{n.start}-{n.end}"


def value(v: V.Value) -> str:
    funcs = sorted(node(f) for f in v.funcs)
    origins = sorted(node(o) for o in v.origins)
    return f"{v.bits} {funcs} {v.module} {v.native} {origins}"


def facts(values: V.Values) -> list[str]:
    lines = [f"value {node(n)} {value(v)}" for n, v in values.node_values.items()]
    lines += [f"summary {b.name}@{node(b.node)} {value(v)}" for b, v in values.summary.items()]
    lines += [f"returns {node(f)} {value(v)}" for f, v in values.returns.items()]
    lines += [f"params {node(f)} " + " | ".join(value(v) for v in vs) for f, vs in values.params.items()]
    lines += [f"escaped {node(f)}" for f in values.escaped_units]
    lines += [f"escaped-table {node(o)}" for o in values.escaped_origins]
    lines += [f"mutated {node(o)}" for o in values.mutated_origins]
    lines += [f"items {node(t)} {value(v)}" for t, v in values.literal_items.items()]
    for unit, sites in values.sites.items():
        for n, s in sites.items():
            runs = sorted(node(f) for f in s.funcs)
            lines.append(f"site {node(unit)} {node(n)} {runs} {s.unknown} {sorted(node(o) for o in s.origins)}")
    lines.append(f"metatables {values.has_metatables} passes {values.passes}")
    return sorted(lines)


def main(argv: list[str] | None = None) -> int:
    files = toi_files(sys.argv[1:] if argv is None else argv)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        result = parse(text)
        if result.module is None:
            continue
        lines = facts(V.values_of(build(result.module, text)))
        print(f"== {path} {len(lines)}")
        print("\n".join(lines))
    print(f"{len(files)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
