"""What one occurrence of a pattern costs grows with the size of one operand.

Recompiling a regex costs more for a longer pattern, lowercasing a string more for a longer
string, `#t` more for a longer table, `s = s + x` more for a longer `s`. A benchmark case and
a user's program rarely use the same sizes, so a plain cost per occurrence can be off by orders
of magnitude. For the rules below the profiler therefore also sums the size of the operand that
drives the cost (``#operand`` just before the statement runs, or a literal's length), and the
estimate becomes ``size sum × cost per unit of size`` measured on the rule's case the same way.
Rules not listed cost about the same each time (a one-character slice, an f-string).
"""

from __future__ import annotations

import attrs

from toilint import ast
from toilint.diagnostics import Diagnostic
from toilint.visitor import iter_nodes

#: rule -> which operand's size drives its cost
_REGEX_PATTERN = frozenset({"PERF101", "PERF102", "PERF103"})  # the pattern (first argument)
_METHOD_RECEIVER = frozenset({"PERF204"})  # the string a method is called on (or sliced)
_ASSIGNED_STRING = frozenset({"PERF201", "PERF202"})  # the string being rebuilt
_LENGTH_OPERAND = frozenset({"PERF301", "PERF302", "PERF303"})  # the table `#` scans


@attrs.define(frozen=True)
class SizeOperand:
    """A name whose ``#`` is summed at run time, or a literal's fixed length."""

    name: str | None = None
    constant: int | None = None


def _within(module: ast.Module, d: Diagnostic) -> list[ast.Node]:
    return [n for n in iter_nodes(module) if d.start <= n.start and n.end <= max(d.end, d.start + 1)]


def _operand(node: ast.Node | None) -> SizeOperand | None:
    if isinstance(node, ast.Name):
        return SizeOperand(name=node.id)
    if isinstance(node, ast.String):
        return SizeOperand(constant=len(node.value))
    return None


def size_operand(code: str, module: ast.Module, d: Diagnostic) -> SizeOperand | None:
    """The operand whose size drives the cost of ``d``'s pattern; None for constant-cost rules."""
    inside = _within(module, d)
    if code in _REGEX_PATTERN:
        calls = [n for n in inside if isinstance(n, ast.Call) and n.args]
        return _operand(calls[0].args[0].value) if calls else None
    if code in _METHOD_RECEIVER:
        for n in inside:  # `S.lower()`, or an invariant slice `S[5..19]`: the string S
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
                return _operand(n.func.obj)
            if isinstance(n, ast.Slice):
                return _operand(n.obj)
        return None
    if code in _ASSIGNED_STRING:
        around = [
            n
            for n in iter_nodes(module)
            if isinstance(n, ast.Assign) and n.start <= d.start < n.end and isinstance(n.target, ast.Name)
        ]
        return _operand(min(around, key=lambda n: n.end - n.start).target) if around else None
    if code in _LENGTH_OPERAND:
        lengths = [n for n in inside if isinstance(n, ast.Unary) and n.op == "#"]
        return _operand(lengths[0].operand) if lengths else None
    return None
