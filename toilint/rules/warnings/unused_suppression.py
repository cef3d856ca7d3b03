"""W299: a suppression comment that silences nothing."""

from __future__ import annotations

from toilint.diagnostics import Applicability, Diagnostic, Edit, Fix
from toilint.rules.base import Rule, register
from toilint.settings import Settings
from toilint.suppressions import Suppression


@register
class UnusedSuppression(Rule):
    """A `-- toilint: ignore[...]` comment names a code that reports nothing there.

    ## Why is this bad?
    Suppressions outlive the code they were written for. A stale one hides the next real
    finding on that line and tells readers about a problem that is no longer there.

    ## Example
    ```toi
    x = 1 -- toilint: ignore[W202]
    print x
    ```

    ## Use instead
    ```toi
    x = 1
    print x
    ```

    ## Fix safety
    Safe: only the comment (or the unused codes in it) is removed; comments do not run.
    Codes of rules that are not enabled are left alone, so a suppression written for an
    opt-in family does not churn.
    """

    code = "W299"
    name = "unused-suppression"
    fix = Applicability.SAFE
    unnecessary = True


def unused_suppressions(suppressions: list[Suppression], settings: Settings, path: str, text: str) -> list[Diagnostic]:
    """Runs after suppressions were applied, when it is known which ones were used."""
    out: list[Diagnostic] = []
    for s in suppressions:
        unused = [c for c in s.codes if c not in s.used and _enabled_prefix(c, settings, path)]
        if not unused and s.codes:
            continue
        kept = [c for c in s.codes if c not in unused]
        kind = "ignore-file" if s.file_wide else "ignore"
        if kept:
            edit = Edit(s.start, s.end, f"toilint: {kind}[{', '.join(kept)}]")
        else:
            edit = _remove_directive(s, text)
        names = ", ".join(unused) if unused else "no codes"
        out.append(
            Diagnostic(
                code=UnusedSuppression.code,
                message=f"Unused suppression ({names})",
                start=s.start,
                end=s.end,
                fix=Fix((edit,), Applicability.SAFE, "Remove the unused suppression"),
                name=UnusedSuppression.name,
                unnecessary=True,
            )
        )
    return out


def _enabled_prefix(code: str, settings: Settings, path: str) -> bool:
    from toilint.rules.base import rule_codes  # the codes alone: importing every rule is start-up time

    return any(c.startswith(code) and settings.is_enabled(c, path) for c in rule_codes())


def _remove_directive(s: Suppression, text: str) -> Edit:
    comment = s.comment
    if comment.text[2:].strip() != text[s.start : s.end]:
        return Edit(s.start, s.end, "")  # the comment says more: keep the rest of it
    # the comment holds nothing else: drop it with the blanks before it, or its whole line
    start = comment.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    end = comment.end
    if (start == 0 or text[start - 1] == "\n") and text[end : end + 1] == "\n":
        end += 1
    return Edit(start, end, "")
