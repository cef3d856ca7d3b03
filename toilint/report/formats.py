"""The output formats by name (``--output-format``); each reporter is loaded when asked for."""

from __future__ import annotations

from collections.abc import Callable

from toilint.report import Reporter


def get_reporter(name: str) -> Reporter:
    from toilint.report import concise, full, github, json_format, junit, sarif

    reporters: dict[str, Callable[..., str]] = {
        "full": full.render,
        "concise": concise.render,
        "text": concise.render,
        "json": json_format.render,
        "json-lines": json_format.render_lines,
        "sarif": sarif.render,
        "github": github.render,
        "junit": junit.render,
    }
    return reporters[name]


FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "junit")
#: formats meant for people: they get a summary line ("Found 3 diagnostics.")
HUMAN_FORMATS = ("full", "concise", "text")
