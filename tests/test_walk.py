"""The tree walks that every rule relies on: generated child lists, the checker's dispatch."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from toilint import ast
from toilint.checker import run_rules
from toilint.context import Context
from toilint.lines import LineIndex
from toilint.rules.base import Rule, only_with
from toilint.syntax import parse
from toilint.visitor import iter_nodes

PROGRAMS = Path(__file__).parent / "programs"


def _field_children(node: ast.Node) -> list[ast.Node]:
    """Children read field by field from the attrs metadata: the definition ``children()`` must match."""
    out: list[ast.Node] = []
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        if isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, ast.Node))
        elif isinstance(value, ast.Node):
            out.append(value)
    return out


def _modules() -> list[ast.Module]:
    found = []
    for path in sorted(PROGRAMS.glob("*.toi")):
        result = parse(path.read_text(encoding="utf-8"))
        assert result.module is not None, path
        found.append(result.module)
    return found


def test_children_match_the_fields_of_every_node() -> None:
    seen: set[str] = set()
    for module in _modules():
        for node in iter_nodes(module):
            seen.add(type(node).__name__)
            assert node.children() == _field_children(node), node
            assert node._rchildren() == node.children()[::-1]
    # the programs exercise most of the tree, f-string parts (strings mixed with nodes) included
    assert {"FString", "Interpolation", "Comprehension", "Slice", "Try", "Match"} <= seen


def test_node_classes_other_than_the_bases_have_no_subclasses() -> None:
    # rules and the checker test exact types (`type(node) is ast.Return`, sets of classes)
    bases = {ast.Node, ast.Expr, ast.Stmt}
    assert {cls for cls in ast.NODE_TYPES.values() if cls.__subclasses__()} == bases


def test_iter_nodes_is_preorder_in_source_order() -> None:
    module = parse("x = f(a, b[1])\nprint(x)\n").module
    assert module is not None
    names = [n.id for n in iter_nodes(module) if isinstance(n, ast.Name)]
    assert names == ["x", "f", "a", "b", "x"]


class _Recorder(Rule):
    code = "X900"
    name = "recorder"
    events: ClassVar[list[str]] = []

    def visit_Expr(self, node: ast.Expr, ctx: Context) -> None:  # a base class: every expression
        if isinstance(node, ast.Name):
            self.events.append(f"visit {node.id}")

    def leave_Call(self, node: ast.Call, ctx: Context) -> None:
        self.events.append("leave call")


class _Broken(Rule):
    code = "X901"
    name = "broken"
    calls: ClassVar[int] = 0

    def visit_Name(self, node: ast.Name, ctx: Context) -> None:
        type(self).calls += 1
        raise ValueError("boom")


def _run(text: str, rules: list[Any]) -> Context:
    result = parse(text)
    assert result.module is not None
    ctx = Context(text, "t.toi", result.module, result.comments, LineIndex(text))
    run_rules(ctx, rules)
    return ctx


def test_base_class_handlers_and_leave_events_in_walk_order() -> None:
    _Recorder.events.clear()
    _run("f(a)\nb\n", [_Recorder()])
    assert _Recorder.events == ["visit f", "visit a", "leave call", "visit b"]


def test_a_crashing_rule_is_reported_once_and_the_others_still_run() -> None:
    _Recorder.events.clear()
    _Broken.calls = 0
    ctx = _run("a\nb\nc\n", [_Broken(), _Recorder()])
    assert [d.code for d in ctx.diagnostics] == ["E999"]
    assert "X901" in ctx.diagnostics[0].message
    assert _Broken.calls == 1
    assert _Recorder.events == ["visit a", "visit b", "visit c"]


def test_a_batch_handler_gets_its_classes_nodes_once_in_preorder_after_the_walk() -> None:
    seen: list[str] = []

    class Batched(Rule):
        code = "X906"
        name = "batched"

        def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
            seen.append("calls " + ", ".join(ctx.source(n) for n in nodes))

        def visit_Name(self, node: ast.Name, ctx: Context) -> None:
            seen.append(f"name {node.id}")

    _run("f(g(a))\nh()\n", [Batched()])
    assert seen == ["name f", "name g", "name a", "name h", "calls f(g(a)), g(a), h()"]
    seen.clear()
    _run("a\n", [Batched()])  # no call at all: not called
    assert seen == ["name a"]


def test_a_crashing_batch_handler_is_reported_at_the_node_it_failed_on() -> None:
    class Finder(Rule):
        code = "X907"
        name = "finder"

        def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
            for node in nodes:
                if ctx.source(node.func) == "boom":
                    raise ValueError("boom")
                ctx.report(self, node, "a call")

    _Recorder.events.clear()
    ctx = _run("f()\nboom()\ng()\n", [Finder(), _Recorder()])
    found = sorted((d.code, d.start) for d in ctx.diagnostics)
    # the call before the failing one is still reported, once; the rest of the rule stops
    assert found == [("E999", 4), ("X907", 0)]
    assert "X907" in next(d.message for d in ctx.diagnostics if d.code == "E999")
    assert _Recorder.events == ["visit f", "leave call", "visit boom", "leave call", "visit g", "leave call"]


def test_a_batch_handler_of_a_base_class_is_refused() -> None:
    class Mixed(Rule):
        code = "X908"
        name = "mixed"

        def batch_Expr(self, nodes: list[ast.Expr], ctx: Context) -> None:
            pass

    with pytest.raises(TypeError, match="batch_Expr"):
        _run("a\n", [Mixed()])


def test_dispatch_is_reused_across_files_with_fresh_rule_instances() -> None:
    # the dispatch table is cached per rule set; each file's handlers must be its own instances'
    seen: list[int] = []

    class PerFile(Rule):
        code = "X902"
        name = "per-file"

        def visit_Name(self, node: ast.Name, ctx: Context) -> None:
            seen.append(id(self))

    first, second = PerFile(), PerFile()
    _run("a\n", [first])
    _run("b\n", [second])
    assert seen == [id(first), id(second)]


def test_a_handler_that_requires_a_word_runs_only_in_files_that_contain_it() -> None:
    seen: list[str] = []

    class Gated(Rule):
        code = "X903"
        name = "gated"
        requires = only_with(visit_Call=("sub", "rep"))

        def visit_Call(self, node: ast.Call, ctx: Context) -> None:
            seen.append(f"call {ctx.source(node)}")

        def visit_Name(self, node: ast.Name, ctx: Context) -> None:
            seen.append(f"name {node.id}")

    _run("f(a)\n", [Gated()])
    assert seen == ["name f", "name a"]
    seen.clear()
    _run("s.rep(2)\n", [Gated()])
    assert seen == ["call s.rep(2)", "name s", "name rep"]


def test_the_handler_plan_follows_each_files_words() -> None:
    # plans are kept per set of required words present: alternating files must not share one
    seen: list[str] = []

    class Gated(Rule):
        code = "X905"
        name = "gated-twice"
        requires = only_with(visit_Call=("sub",), leave_Call=("rep",))

        def visit_Call(self, node: ast.Call, ctx: Context) -> None:
            seen.append(f"visit {ctx.source(node)}")

        def leave_Call(self, node: ast.Call, ctx: Context) -> None:
            seen.append(f"leave {ctx.source(node)}")

    for text in ("s.sub(1)\n", "s.rep(2)\n", "f(3)\n", "s.sub(s.rep(4))\n", "s.sub(5)\n"):
        _run(text, [Gated()])
    assert seen == [
        "visit s.sub(1)",
        "leave s.rep(2)",
        "visit s.sub(s.rep(4))",
        "visit s.rep(4)",
        "leave s.rep(4)",
        "leave s.sub(s.rep(4))",
        "visit s.sub(5)",
    ]


def test_finish_and_semantic_errors_reach_rules_that_inherit_them() -> None:
    # the checker asks only rules with a ``finish`` of their own (or an inherited one) after
    # the walk, and hands the model's errors to the rules that claim their kind
    from toilint.semantic.model import SemanticErrorKind

    finished: list[str] = []

    class Finishing(Rule):
        def finish(self, ctx: Context) -> None:
            finished.append(self.code)

    class Inherits(Finishing):
        code = "X906"
        name = "inherits-finish"

    class Plain(Rule):
        code = "X907"
        name = "plain"

    class Claims(Rule):
        code = "X908"
        name = "claims"
        semantic_errors = (SemanticErrorKind.TOO_MANY_LOCALS,)

    text = "fn f()\n" + "".join(f"    local v{i} = {i}\n" for i in range(300))
    ctx = _run(text, [Plain(), Inherits(), Claims()])
    assert finished == ["X906"]
    assert {d.code for d in ctx.diagnostics} == {"X908"}


def test_required_words_name_handlers_of_their_rule() -> None:
    from toilint.rules.base import all_rules

    for rule in all_rules().values():
        for handler, words in rule.requires.items():
            assert handler.startswith(("visit_", "leave_", "batch_")) and callable(getattr(rule, handler, None)), (
                rule.code
            )
            assert words and all(isinstance(w, str) and w for w in words), rule.code


def test_required_words_never_hide_a_finding() -> None:
    # a gated handler must have nothing to report in a file without its words: each rule with
    # its gates removed finds the same on every test program and benchmark case
    from toilint.rules.base import all_rules

    gated = [rule for rule in all_rules().values() if rule.requires]
    ungated = [type(rule.__name__, (rule,), {"requires": {}}) for rule in gated]
    cases = Path(__file__).parent.parent / "benchmarks" / "cases"
    paths = sorted(PROGRAMS.glob("*.toi")) + sorted(cases.glob("*/*.toi"))
    assert len(paths) > 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        with_gates = _run(text, [rule() for rule in gated]).diagnostics
        without = _run(text, [rule() for rule in ungated]).diagnostics
        assert [(d.code, d.start, d.message) for d in with_gates] == [(d.code, d.start, d.message) for d in without], (
            path
        )


def _snapshot(module: ast.Module) -> list[tuple[int, tuple[Any, ...]]]:
    return [(id(n), tuple(getattr(n, f.name) for f in attrs.fields(type(n)))) for n in iter_nodes(module)]


def test_rules_and_the_semantic_model_leave_the_tree_unchanged() -> None:
    # nodes are plain slotted classes at run time (frozen only to the type checker): nothing
    # that runs over a tree may assign to it
    from toilint.rules.base import all_rules

    for path in sorted(PROGRAMS.glob("*.toi")):
        text = path.read_text(encoding="utf-8")
        result = parse(text)
        assert result.module is not None
        before = _snapshot(result.module)
        ctx = Context(text, str(path), result.module, result.comments, LineIndex(text))
        run_rules(ctx, [cls() for cls in all_rules().values()])
        assert ctx.semantic is not None
        assert _snapshot(result.module) == before, path


def test_generated_node_methods_are_current() -> None:
    # regenerate with `python -m toilint.ast` after changing a node class in toilint/ast.py
    generated = Path(ast.__file__).with_name("_ast_methods.py").read_text(encoding="utf-8")
    assert generated == ast.generated_source()


def test_a_stale_generated_module_stops_the_import_with_the_command_that_fixes_it() -> None:
    # if ast.py changes and the module is not regenerated, importing the tree says what to run
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import sys, types
        stale = types.ModuleType("toilint._ast_methods")
        stale.LAYOUT = "stale"
        sys.modules["toilint._ast_methods"] = stale
        from toilint import ast
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0
    assert "python -m toilint.ast" in run.stderr
