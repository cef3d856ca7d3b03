from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, only_with, register
from toilint.rules.perf._regex import NOT_COMPILABLE, display, is_pattern_shape, regex_call
from toilint.semantic.effects import effects_of


@register
class RegexReplaceSplitInLoop(Rule):
    """Calls `regex.replace` or `regex.split` with a loop-invariant pattern inside a loop.

    ## Why is this bad?
    Like every module-level regex function, `regex.replace` and `regex.split` compile their
    pattern on every call, so a loop pays for one `regcomp` per iteration. Unlike `search`,
    `match` and `finditer`, these two have **no compiled form** in Toi (5fe21b7): the object
    `regex.compile` returns has only `match`, `search` and `finditer`, and calling
    `compiled.replace(...)` fails at run time. So the cost cannot be removed by hoisting a
    compiled pattern; this rule points the cost out so that you can decide whether the loop
    needs a regex at all.

    ## Example
    ```toi
    regex = import regex
    string = import string
    fn slugs(titles)
        out = {}
        for title in titles
            out <+ regex.replace("[^a-z0-9]+", string.lower(title), "-")
        return out
    ```

    ## Use instead
    When the pattern is plain text, the `string` module does the job without a regex
    (`string.split(s, ",")`, `string.find`); when it is not, keep the call: there is no
    faster regex form (see Measured).

    ```toi
    string = import string
    fn fields(rows)
        out = {}
        for row in rows
            out <+ string.split(row, ",")
        return out
    ```

    ## Fix safety
    There is no automatic fix: a compiled regex object has no `replace` or `split`, so the
    rewrite PERF101 makes would crash at run time, and a `string` function only matches a
    regex whose pattern has no special characters, which is the user's call.

    ## Measured
    No faster regex-based rewrite exists on Toi 5fe21b7, so there is no speedup to record:
    on the 60,000-row catalogue benchmark (`benchmarks/cases/PERF102`, 0.59 s), splitting and
    replacing with a compiled `finditer` written in Toi was 3.4x *slower*, and one
    `split`/`replace` over all rows joined into one text was 9x slower
    (`benchmarks/hand_measurements.md`).
    """

    code = "PERF102"
    name = "regex-replace-split-in-loop"
    #: a regex call names the module in the text (see ``_regex.regex_call``)
    requires = only_with(visit_Call=("regex",))

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        model = ctx.semantic
        rc = regex_call(model, ctx.text, node)
        if rc is None or rc.function not in NOT_COMPILABLE or not is_pattern_shape(rc.pattern):
            return
        loops = model.enclosing_loops(node)
        if not loops or not effects_of(model).is_invariant(rc.pattern, loops[0]):
            return
        func = display(rc, ctx.text)
        ctx.report(
            self,
            node,
            f"`{func}` compiles its pattern on every iteration of this loop; Toi's compiled regexes have no "
            f"`{rc.function}`, so it cannot be hoisted (no automatic fix)",
        )
