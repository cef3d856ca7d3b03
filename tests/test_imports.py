"""No import circles among toilint's modules (``toilint/`` and ``lsp/``, installed as ``toilint.lsp``).

Every import statement is an edge of the graph: those at module level, those under
``if TYPE_CHECKING:`` and those inside functions alike. An import moved into a function (or
under TYPE_CHECKING) no longer fails at start-up, but the two modules still depend on each
other: the circle is hidden, not gone. So a lazy import is fine for start-up time, never as a
way around a circle.

``from package import name`` is an edge to ``package.name`` when that is a module, else to
``package``; the package ``__init__`` that Python runs on the way is not counted (it is run
by every import of a submodule and would put every package in a circle with itself).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
#: installed package name -> source directory
SOURCES = {"toilint": ROOT / "toilint", "toilint.lsp": ROOT / "lsp"}

#: circles accepted for now; each entry goes when it is broken
#: (test_known_circles_still_exist says when). Do not add to this list.
KNOWN_CIRCLES: set[frozenset[str]] = set()


@attrs.frozen
class Edge:
    target: str
    where: str  # file:line, to show in a failure


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, directory in SOURCES.items():
        for path in directory.rglob("*.py"):
            parts = list(path.relative_to(directory).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([package, *parts])] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for node in ast.walk(tree):
        where = f"{shown}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Edge(alias.name, where)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield Edge(sub if sub in known else base, where)


def graph() -> dict[str, dict[str, str]]:
    """module -> {imported module of ours: where the first such import is}"""
    known = modules()
    edges: dict[str, dict[str, str]] = {}
    for name, path in known.items():
        targets: dict[str, str] = {}
        for edge in imports(name, path, known):
            if edge.target in known and edge.target != name:
                targets.setdefault(edge.target, edge.where)
        edges[name] = targets
    return edges


def circles(edges: dict[str, dict[str, str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def describe(circle: frozenset[str], edges: dict[str, dict[str, str]]) -> str:
    lines = [" <-> ".join(sorted(circle))]
    for module in sorted(circle):
        for target, where in sorted(edges[module].items()):
            if target in circle:
                lines.append(f"    {where}: {module} imports {target}")
    return "\n".join(lines)


def test_no_import_circles() -> None:
    edges = graph()
    new = [c for c in circles(edges) if c not in KNOWN_CIRCLES]
    assert not new, "import circles:\n" + "\n".join(describe(c, edges) for c in new)


def test_known_circles_still_exist() -> None:
    """A circle that has been broken leaves the known list, so that it cannot come back unnoticed."""
    gone = KNOWN_CIRCLES - set(circles(graph()))
    assert not gone, "no longer circles; delete them from KNOWN_CIRCLES: " + "; ".join(
        " <-> ".join(sorted(c)) for c in gone
    )


def test_the_graph_sees_lazy_and_type_only_imports(tmp_path: Path) -> None:
    """The walker itself: a circle closed inside a function or under TYPE_CHECKING is found."""
    a = tmp_path / "a.py"
    b = tmp_path / "b.py"
    c = tmp_path / "c.py"
    a.write_text("def f():\n    from pkg import b\n")
    b.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.c import X\n")
    c.write_text("from . import a\n")
    known = {"pkg.a": a, "pkg.b": b, "pkg.c": c}
    edges = {n: {e.target: e.where for e in imports(n, p, known) if e.target in known} for n, p in known.items()}
    assert circles(edges) == [frozenset(known)]


def test_nothing_imports_the_server_by_its_source_directory() -> None:
    """``lsp/`` installs as ``toilint.lsp``: an ``import lsp...`` would work in a checkout only."""
    wrong = []
    for directory in (ROOT / "toilint", ROOT / "lsp", ROOT / "tests", ROOT / "benchmarks"):
        for path in directory.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                if any(n == "lsp" or n.startswith("lsp.") for n in names):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "import toilint.lsp, not lsp: " + ", ".join(wrong)
