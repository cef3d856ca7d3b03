"""One walk over the tree, every enabled rule's handlers called for each node (or, for batch
handlers, once per file with every node of their class)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from toilint import ast
from toilint._typing import Any
from toilint.context import Context
from toilint.rules.base import Rule
from toilint.rules.errors.syntax_error import InternalError
from toilint.visitor import last_node

Handler = Callable[[Any, Context], Any]


#: a dispatch table: node class -> [(rule position, handler name, words the file must contain
#: for the handler to run, or None: see ``Rule.requires``)]
Table = dict[type[ast.Node], list[tuple[int, str, tuple[str, ...] | None]]]
#: a table for one file: node class -> [(rule position, handler name)] of the handlers to bind
Plan = list[tuple[type[ast.Node], list[tuple[int, str]]]]

#: a plan made quick to bind: each distinct (rule position, handler name) once (a handler of a
#: base class serves many classes), and node class -> positions in that list
Recipe = tuple[list[tuple[int, str]], list[tuple[type[ast.Node], list[int]]]]
#: a visit or leave plan with its recipe
Bindable = tuple[Plan, Recipe]

#: what a ``batch_<Node>`` handler is given: node class -> its nodes of the file, in pre-order
#: (a dict with the nodes as keys, filled during the walk: see ``run_rules``)
Buckets = dict[type[ast.Node], dict[ast.Node, Context]]


class _RuleSet:
    """What the checker works out once per rule set (the enabled rule classes, in order), not
    once per file: the visit, leave and batch tables, the words handlers require, the rules that
    report on the semantic model's errors or have a ``finish``, and the files' plans."""

    def __init__(self, classes: tuple[type[Rule], ...]) -> None:
        visit: Table = {}
        leave: Table = {}
        batch: Table = {}
        for i, cls in enumerate(classes):
            for attr in dir(cls):
                if attr.startswith("visit_"):
                    table, name = visit, attr[6:]
                elif attr.startswith("leave_"):
                    table, name = leave, attr[6:]
                elif attr.startswith("batch_"):
                    table, name = batch, attr[6:]
                else:
                    continue
                node_cls = ast.NODE_TYPES.get(name)
                if node_cls is None:
                    raise TypeError(f"{cls.__name__}.{attr}: no AST node named {name}")
                words = cls.requires.get(attr)
                if table is batch:
                    # (a batch is one class's nodes in pre-order: a base class's would mix classes)
                    if node_cls.__subclasses__():
                        raise TypeError(f"{cls.__name__}.{attr}: a batch handler takes a class without subclasses")
                    batch.setdefault(node_cls, []).append((i, attr, words))
                    continue
                # a handler for a base class (Expr, Stmt, Node) receives every subclass
                for sub in ast.NODE_TYPES.values():
                    if issubclass(sub, node_cls):
                        table.setdefault(sub, []).append((i, attr, words))
        self.visit = visit
        self.leave = leave
        self.batch = batch
        #: every distinct set of required words, in a fixed order
        self.words = sorted({w for t in (visit, leave, batch) for es in t.values() for _, _, w in es if w is not None})
        #: positions of the rules with a ``finish`` of their own / that claim semantic errors
        self.finishers = tuple(i for i, cls in enumerate(classes) if cls.finish is not Rule.finish)
        self.claimers = tuple(i for i, cls in enumerate(classes) if cls.semantic_errors)
        #: which required words a file has -> its visit and leave plans (with their recipes) and
        #: its batch plan
        self.plans: dict[tuple[bool, ...], tuple[Bindable, Bindable, Plan]] = {}

    def plans_for(self, text: str) -> tuple[Bindable, Bindable, Plan]:
        """The handlers to bind for a file (without those whose words ``text`` lacks)."""
        has = tuple(any(word in text for word in words) for words in self.words)
        found = self.plans.get(has)
        if found is None:
            present = {words for words, hit in zip(self.words, has, strict=True) if hit}
            visit = _plan(self.visit, present)
            leave = _plan(self.leave, present)
            found = self.plans[has] = ((visit, _recipe(visit)), (leave, _recipe(leave)), _plan(self.batch, present))
        return found


def _plan(table: Table, present: set[tuple[str, ...]]) -> Plan:
    out: Plan = []
    for node_cls, entries in table.items():
        handlers = [(i, name) for i, name, words in entries if words is None or words in present]
        if handlers:
            out.append((node_cls, handlers))
    return out


def _recipe(plan: Plan) -> Recipe:
    keys: list[tuple[int, str]] = []
    where: dict[tuple[int, str], int] = {}
    layout: list[tuple[type[ast.Node], list[int]]] = []
    for node_cls, entries in plan:
        slots = []
        for key in entries:
            if key not in where:
                where[key] = len(keys)
                keys.append(key)
            slots.append(where[key])
        layout.append((node_cls, slots))
    return keys, layout


_RULE_SETS: dict[tuple[type[Rule], ...], _RuleSet] = {}


def _rule_set(classes: tuple[type[Rule], ...]) -> _RuleSet:
    found = _RULE_SETS.get(classes)
    if found is None:
        found = _RULE_SETS[classes] = _RuleSet(classes)
    return found


def _bind(bindable: Bindable, rules: list[Rule], broken: set[str]) -> dict[type[ast.Node], list[Handler]]:
    """The file's handlers: each rule's bound methods, without broken rules'."""
    plan, recipe = bindable
    if not broken:  # (every file: each handler bound once, the lists filled in C)
        keys, layout = recipe
        handlers = [getattr(rules[i], name) for i, name in keys]
        pick = handlers.__getitem__
        return {node_cls: list(map(pick, slots)) for node_cls, slots in layout}
    out: dict[type[ast.Node], list[Handler]] = {}
    bound: dict[tuple[int, str], Handler] = {}
    for node_cls, entries in plan:
        handlers = []
        for key in entries:
            handler = bound.get(key)
            if handler is None:
                i, name = key
                if rules[i].code in broken:
                    continue
                handler = bound[key] = getattr(rules[i], name)
            handlers.append(handler)
        if handlers:
            out[node_cls] = handlers
    return out


def run_rules(ctx: Context, rules: Iterable[Rule]) -> None:
    """Walk ``ctx.module`` once, dispatching each node to the rules that handle its type.

    The walk is the checker's hot loop (it runs for every node of every file), so it is kept
    flat: the nodes come in pre-order from the semantic model's list (built once per file, with
    the parent map), handlers are bound once per file from a per-rule-set table, a leave event
    is scheduled only for node classes that have leave handlers (it fires after the last node of
    the subtree), and a rule that raises is dropped from the tables instead of being checked for
    on every call.
    """
    rules = list(rules)
    rule_set = _rule_set(tuple(type(r) for r in rules))
    visit_plan, leave_plan, batch_plan = rule_set.plans_for(ctx.text)
    # (the nested functions below capture neither ctx nor the tree: see the end of the walk)
    diagnostics = ctx.diagnostics
    broken: set[str] = set()
    #: (node, the last node of its subtree) whose leave handlers are due, innermost last
    pending: list[tuple[ast.Node, ast.Node]] = []

    def schedule(node: ast.Node, ctx: Context) -> None:
        pending.append((node, last_node(node)))

    def bind() -> tuple[dict[type[ast.Node], list[Handler]], dict[type[ast.Node], list[Handler]]]:
        visit = _bind(visit_plan, rules, broken)
        leave = _bind(leave_plan, rules, broken)
        for node_cls in leave:  # (after the rules' own visit handlers)
            visit.setdefault(node_cls, []).append(schedule)
        for node_cls, bucket in buckets.items():
            # the walk notes the node in its class's bucket: a call in C (``setdefault(node, ctx)``,
            # a fast builtin method, unlike ``__setitem__``), where a handler per node and rule is
            # a Python call (most of the walk's cost before batches)
            visit.setdefault(node_cls, []).append(bucket.setdefault)
        return visit, leave

    buckets: Buckets = {node_cls: {} for node_cls, _ in batch_plan}
    visit, leave = bind()

    def failed(handler: Handler, node: ast.Node, exc: Exception) -> None:
        rule: Rule = handler.__self__  # type: ignore[attr-defined]
        broken.add(rule.code)
        diagnostics.append(InternalError.diagnostic(_crash_message(rule, exc), node.start, node.start))
        new_visit, new_leave = bind()
        visit.clear()
        visit.update(new_visit)
        leave.clear()
        leave.update(new_leave)

    visit_get = visit.get
    for node in ctx.semantic.preorder():
        handlers = visit_get(type(node))
        if handlers is not None:
            for handler in handlers:
                try:
                    handler(node, ctx)
                except RecursionError:
                    raise  # not this rule's bug: the caller re-runs the analysis with a deeper stack
                except Exception as exc:  # one rule's bug must not hide the other rules' findings
                    failed(handler, node, exc)
        while pending and pending[-1][1] is node:
            done = pending.pop()[0]
            for handler in leave.get(type(done), ()):
                try:
                    handler(done, ctx)
                except RecursionError:
                    raise
                except Exception as exc:
                    failed(handler, done, exc)

    _run_batches(ctx, batch_plan, buckets, rules, broken)
    # (only the rules that claim semantic errors or have a ``finish``: the others have nothing to do)
    report_semantic_errors(ctx, [r for r in map(rules.__getitem__, rule_set.claimers) if r.code not in broken])
    for rule in map(rules.__getitem__, rule_set.finishers):
        if broken and rule.code in broken:
            continue
        try:
            rule.finish(ctx)
        except RecursionError:
            raise
        except Exception as exc:
            ctx.diagnostics.append(InternalError.diagnostic(_crash_message(rule, exc), 0, 0))
    # The handler tables hold the rules' bound methods, and the rules hold this file's nodes. The
    # compiled build keeps all of a function's closures in one environment object, a reference
    # cycle: emptied here, it holds nothing of the file, which reference counting then frees as
    # soon as the caller drops it (see SemanticModel.release).
    visit.clear()
    leave.clear()
    buckets.clear()
    rules.clear()


def _run_batches(ctx: Context, plan: Plan, buckets: Buckets, rules: list[Rule], broken: set[str]) -> None:
    """Each batch handler, once, with the list of its class's nodes (after the walk)."""
    diagnostics = ctx.diagnostics
    lists = {node_cls: list(bucket) for node_cls, bucket in buckets.items()}
    # every node of each of those classes, for the file's other questions (``calls.field_written``)
    ctx.semantic.memo["class_nodes"] = lists
    for node_cls, entries in plan:
        nodes = lists[node_cls]
        if not nodes:
            continue
        for i, name in entries:
            rule = rules[i]
            if broken and rule.code in broken:
                continue
            handler = getattr(rule, name)
            mark = len(diagnostics)
            try:
                handler(nodes, ctx)
            except RecursionError:
                raise
            except Exception:
                # which node it failed at: its findings dropped, then its nodes again one by one
                # (a batch handler finds for a list what it finds for each node alone)
                del diagnostics[mark:]
                broken.add(rule.code)
                for node in nodes:
                    try:
                        handler([node], ctx)
                    except RecursionError:
                        raise
                    except Exception as exc:
                        diagnostics.append(InternalError.diagnostic(_crash_message(rule, exc), node.start, node.start))
                        break


def report_semantic_errors(ctx: Context, rules: Iterable[Rule]) -> None:
    """Report the semantic model's compile errors, each through the rule that claims its kind."""
    claims = {kind: rule for rule in rules for kind in rule.semantic_errors}
    if not claims:
        return
    for err in ctx.semantic.errors:
        rule = claims.get(err.kind)
        if rule is not None:
            ctx.report(rule, (err.start, err.end), err.message)


def _crash_message(rule: Rule, exc: Exception) -> str:
    """E999's message when a rule raises: the file's other rules and files still run."""
    return f"Internal error in rule {rule.code} ({type(exc).__name__}: {exc}); please report it"
