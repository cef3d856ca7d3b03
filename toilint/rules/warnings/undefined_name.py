"""W201: reading a name that is neither a visible variable nor a runtime global."""

from __future__ import annotations

from toilint.context import Context
from toilint.rules.base import Rule, register


@register
class UndefinedName(Rule):
    """Reads a name that is not defined where it is read, by Toi's own scoping rules.

    ## Why is this bad?
    It fails at run time with "Undefined variable 'x'.". Toi's rules differ from Python's
    and Lua's, and toilint follows the compiler:

    - a name first assigned inside an `if`/`for`/`while` body is a local of that body and
      does not exist after it;
    - a function sees only the variables and functions declared *above* it (a call to a
      function defined further down fails);
    - the runtime's globals are the core natives (`str`, `type`, `next`, `slice`, `error`,
      `exit`, ...) and `__name`/`__file`/`__main`; native modules such as `math`, `string`,
      `regex` exist only once imported.

    Names the file defines as globals (`global x = ...`, `global fn f`, a top-level `x := v`)
    count as defined. After `from m import *` nothing is reported.

    ## Example
    ```toi
    fn main()
        return helper(2)
    fn helper(x)
        return x * 2
    if true
        total = 1
    print total
    ```

    ## Use instead
    ```toi
    fn helper(x)
        return x * 2
    fn main()
        return helper(2)
    total = 0
    if true
        total = 1
    print total
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W201"
    name = "undefined-name"

    def finish(self, ctx: Context) -> None:
        sm = ctx.semantic
        if sm.star_import:
            return
        for name, binding in sm.globals.items():
            if binding.kind != "global" or name in sm.global_definitions or name in sm.unknown_names:
                continue
            for ref in binding.references:
                ctx.report(self, ref, f"Undefined variable '{name}'")
