"""STY001: `x == true`, `x != nil`, `x == ""` in a condition instead of `x` / `not x`."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, register
from toilint.rules.style._common import breaks_statement_start
from toilint.semantic.predicates import in_condition, is_string, unparen
from toilint.visitor import iter_nodes

_COMPARISON_OPS = ("<", "<=", ">", ">=")
_ARITHMETIC_OPS = ("+", "-", "*", "/", "//", "%", "**")


def _literal_kind(expr: ast.Expr) -> str | None:
    """ "true", "false", "nil", "empty-string" or "empty-table" for the literals the guide names."""
    expr = unparen(expr)
    if isinstance(expr, ast.Bool):
        return "true" if expr.value else "false"
    if isinstance(expr, ast.Nil):
        return "nil"
    if isinstance(expr, ast.String) and expr.value == "":
        return "empty-string"
    if isinstance(expr, ast.Table) and not expr.entries and not expr.sugar:
        return "empty-table"
    return None


def _split(node: ast.Binary) -> tuple[ast.Expr, str] | None:
    """(subject, literal kind) of `subject == literal` / `literal == subject`."""
    if node.op not in ("==", "!="):
        return None
    right = _literal_kind(node.right)
    if right is not None and _literal_kind(node.left) is None:
        return node.left, right
    left = _literal_kind(node.left)
    if left is not None and right is None:
        return node.right, left
    return None


def _truthy_when_true(node: ast.Binary, kind: str) -> bool:
    """Whether the comparison is true exactly when the subject is truthy (else: when falsy)."""
    positive = kind == "true"
    return positive if node.op == "==" else not positive


def _is_bool_valued(expr: ast.Expr) -> bool:
    expr = unparen(expr)
    if isinstance(expr, ast.Bool):
        return True
    if isinstance(expr, ast.Unary) and expr.op == "not":
        return True
    return isinstance(expr, ast.Binary) and expr.op in ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "has")


@register
class BoolComparison(Rule):
    """Compares a value with `true`, `false`, `nil`, `""` or `{}` in a condition.

    ## Why is this bad?
    Toi's style guide (the Toi repository's `AGENTS.md`, "Toi Style Preferences"): *Prefer
    `if var` over `if var == true`, `if var == false`, `var != ""`, or `var != {}` or
    `var != nil`.* A condition already tests truthiness, and in Toi `nil`, `false`, `0`,
    `""` and empty tables are all false, so `if name` says "name is set and not empty" in one
    word. `x != {}` is worse than verbose: tables compare by identity, so it is always true.

    The rule stays quiet where the comparison carries meaning a truthiness test would lose:
    when the same value is compared with both a boolean and `nil` in the function (a
    deliberate three-state value), for `nil` checks on a value that the function also
    treats as a number (`n == nil or n < 0`: 0 is false in Toi), and for the default-value
    ternary `opts.width == nil ? 30 : int(opts.width)`, where a given `false`, `0` or `""`
    must survive. Two adjacent checks on one
    value collapse into one test: `if s == nil or s == ""` becomes `if not s`.

    ## Example
    ```toi
    fn greet(name, verbose)
        if name == nil or name == ""
            return "nobody"
        if verbose == true
            print "greeting " + name
        return "hello " + name
    ```

    ## Use instead
    ```toi
    fn greet(name, verbose)
        if not name
            return "nobody"
        if verbose
            print "greeting " + name
        return "hello " + name
    ```

    ## Fix safety
    Unsafe in general: `x == true` is false for `x = 1` while `if x` is taken; `x == nil` is
    false for `0`, `""`, `false` and `{}`, while `not x` is true for all of them; `x != {}`
    is always true. The fix is safe when the value is known to be a string and compared with
    `""` (a string is false exactly when it is empty), and when a comparison result or other
    boolean is compared with `true`/`false`. Checked on `toi` (5fe21b7): truthiness of
    `0, 1, "", "a", false, true, {}, nil`, `{} == {}` (false) and `not` binding tighter
    than `==` and `+` (`not 0 == 1` is `(not 0) == 1`), which is why `not (a + b)` keeps
    its parentheses.
    """

    code = "STY001"
    name = "bool-comparison"
    fix = Applicability.UNSAFE
    default_enabled = False

    def __init__(self) -> None:
        self._facts: dict[ast.Node | None, tuple[set[str], set[str], set[str]]] = {}
        self._done: set[ast.Binary] = set()

    def _function_facts(self, ctx: Context, node: ast.Node) -> tuple[set[str], set[str], set[str]]:
        """Per function: subjects compared with booleans, with nil, and used as numbers."""
        fn = ctx.semantic.enclosing_function(node)
        facts = self._facts.get(fn)
        if facts is not None:
            return facts
        bools: set[str] = set()
        nils: set[str] = set()
        numbers: set[str] = set()
        root: ast.Node = fn if fn is not None else ctx.module
        stack: list[ast.Node] = [root]
        while stack:
            n = stack.pop()
            cls = type(n)  # (exact types: these classes have no subclasses; a walk of every body)
            if (cls is ast.FunctionDef or cls is ast.Lambda) and n is not root:
                continue
            if isinstance(n, ast.Binary):
                split = _split(n)
                if split is not None:
                    subject, kind = split
                    text = ctx.source(unparen(subject))
                    if kind in ("true", "false"):
                        bools.add(text)
                    elif kind == "nil":
                        nils.add(text)
                elif n.op in _COMPARISON_OPS or n.op in _ARITHMETIC_OPS:
                    numbers.add(ctx.source(unparen(n.left)))
                    numbers.add(ctx.source(unparen(n.right)))
                elif n.op in ("==", "!="):
                    for side, other in ((n.left, n.right), (n.right, n.left)):
                        if isinstance(unparen(other), ast.Number):
                            numbers.add(ctx.source(unparen(side)))
            stack.extend(n._rchildren())  # (order does not matter: sets)
        facts = (bools, nils, numbers)
        self._facts[fn] = facts
        return facts

    def _meaningful(self, ctx: Context, node: ast.Binary, subject: ast.Expr, kind: str) -> bool:
        """True when a truthiness test would lose what this comparison distinguishes."""
        bools, nils, numbers = self._function_facts(ctx, node)
        text = ctx.source(unparen(subject))
        if kind in ("true", "false", "nil") and text in bools and text in nils:
            return True
        if kind != "nil":
            return False
        if text in numbers:
            return True
        # `opts.width == nil ? 30 : int(opts.width)`: a default for a missing value, where a
        # given `false`, `0` or `""` must be kept
        ternary = self._ternary_of(ctx, node)
        return ternary is not None and any(
            ctx.source(unparen(n)) == text
            for branch in (ternary.body, ternary.orelse)
            for n in iter_nodes(branch)
            if isinstance(n, ast.Expr)
        )

    @staticmethod
    def _ternary_of(ctx: Context, node: ast.Node) -> ast.Ternary | None:
        """The ternary whose test ``node`` is (through parentheses and `and`/`or`)."""
        child: ast.Node = node
        parent = ctx.semantic.parent(child)
        while isinstance(parent, ast.Paren) or (isinstance(parent, ast.Binary) and parent.op in ("and", "or")):
            child, parent = parent, ctx.semantic.parent(parent)
        if isinstance(parent, ast.Ternary) and child is parent.test:
            return parent
        return None

    def visit_Binary(self, node: ast.Binary, ctx: Context) -> None:
        if node in self._done:
            return
        if node.op in ("and", "or"):
            self._check_pair(node, ctx)
            return
        split = _split(node)
        if split is None or not in_condition(ctx.semantic, node):
            return
        subject, kind = split
        if self._meaningful(ctx, node, subject, kind):
            return
        truthy = _truthy_when_true(node, kind)
        safe = (kind in ("true", "false") and _is_bool_valued(subject)) or (
            kind == "empty-string" and is_string(ctx.semantic, subject)
        )
        self._report(ctx, node, (node.start, node.end), subject, truthy, safe)

    def _check_pair(self, node: ast.Binary, ctx: Context) -> None:
        """`s == nil or s == ""` -> `not s`; `s != nil and s != ""` -> `s`."""
        left = node.left
        if isinstance(left, ast.Binary) and left.op == node.op:
            left = left.right  # the operand adjacent to `node.right` in a flat chain
        right = node.right
        if not (isinstance(left, ast.Binary) and isinstance(right, ast.Binary)):
            return
        if left in self._done or right in self._done:
            return
        a, b = _split(left), _split(right)
        if a is None or b is None or not in_condition(ctx.semantic, node):
            return
        if ctx.source(unparen(a[0])) != ctx.source(unparen(b[0])):
            return
        want = "==" if node.op == "or" else "!="
        if left.op != want or right.op != want:
            return
        if {a[1], b[1]} & {"true", "false"} or a[1] == b[1]:
            return
        if any(self._meaningful(ctx, cmp, s, k) for cmp, (s, k) in ((left, a), (right, b))):
            return
        self._done.update((left, right))
        self._report(ctx, left, (left.start, right.end), a[0], node.op == "and", False)

    def _report(
        self,
        ctx: Context,
        anchor: ast.Binary,
        span: tuple[int, int],
        subject: ast.Expr,
        truthy: bool,
        safe: bool,
    ) -> None:
        start, end = span
        written = ctx.text[start:end]
        if span == (anchor.start, anchor.end):
            parent = ctx.semantic.parent(anchor)
            grand = ctx.semantic.parent(parent) if isinstance(parent, ast.Paren) else None
            if isinstance(grand, ast.Unary) and grand.op == "not":
                # `not (x == nil)` -> `x`, not `not (not x)`
                start, end, truthy = grand.start, grand.end, not truthy
        replacement = ctx.source(subject) if truthy else "not " + parenthesized(ctx.text, unparen(subject))
        message = f"Use `{replacement}` instead of comparing: `{' '.join(written.split())}`"
        fix = None
        if not (start == anchor.start and breaks_statement_start(ctx, anchor, replacement)):
            fix = Fix(
                (Edit(start, end, replacement),),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Replace with `{replacement}`",
            )
        ctx.report(self, (start, end), message, fix=fix)
