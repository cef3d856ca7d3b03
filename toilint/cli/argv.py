"""The common check command line read without argparse.

``toilint [check] PATH... [OPTIONS]`` with a few frequent options is what editors, pre-commit
hooks and scripts run; importing argparse and building the whole parser (every subcommand, ~45
options, a translation look-up for each help text) was ~7 ms of such a run. :func:`plain_check`
reads that command line into the namespace argparse would make, and declines everything else
(any other option, an abbreviation, ``--opt=`` forms of flags, help, stdin, an option between
two runs of paths, a value argparse would check differently): the parser then reads it as
always. tests/cli/test_cli_argv.py compares the two on many command lines.
"""

from __future__ import annotations

from types import SimpleNamespace

from toilint.command_line import split_words
from toilint.workspace.config import OUTPUT_FORMATS


def codes(value: str) -> tuple[str, ...]:
    """``--select E1,w2`` -> ("E1", "W2")."""
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def globs(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


#: option -> (destination, how its value is read): "on"/"off" set a flag (no value), "text" and
#: "int" take the next word or ``=value``, "codes" a list of rule codes, "format" an output format
OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("format", "format"),
    "--output-format": ("format", "format"),
    "--statistics": ("statistics", "on"),
    "--show-fixes": ("show_fixes", "on"),
    "-q": ("quiet", "on"),
    "--quiet": ("quiet", "on"),
    "--exit-zero": ("exit_zero", "on"),
    "--exit-non-zero-on-fix": ("exit_non_zero_on_fix", "on"),
    "--select": ("select", "codes"),
    "--extend-select": ("extend_select", "codes"),
    "--ignore": ("ignore", "codes"),
    "--fix": ("fix", "on"),
    "--no-fix": ("fix", "off"),
    "--unsafe-fixes": ("unsafe_fixes", "on"),
    "--no-unsafe-fixes": ("unsafe_fixes", "off"),
    "--isolated": ("isolated", "on"),
    "--force-exclude": ("force_exclude", "on"),
    "--no-cache": ("no_cache", "on"),
    "--cache-dir": ("cache_dir", "text"),
    "-j": ("jobs", "int"),
    "--jobs": ("jobs", "int"),
}
#: option -> takes a value (for ``command_line.split_words``)
_TAKES_VALUE = {name: kind not in ("on", "off") for name, (_, kind) in OPTIONS.items()}


def check_defaults() -> dict[str, object]:
    """The namespace of ``toilint check`` with no option (as the parser's defaults make it)."""
    return {
        "version": False,
        "command": "check",
        "paths": [],
        "format": None,
        "output_file": None,
        "statistics": False,
        "show_fixes": False,
        "profile_data": None,
        "quiet": False,
        "verbose": False,
        "watch": False,
        "exit_zero": False,
        "exit_non_zero_on_fix": False,
        "select": None,
        "extend_select": (),
        "ignore": (),
        "per_file_ignores": [],
        "fix": None,
        "unsafe_fixes": None,
        "diff": False,
        "stdin_filename": None,
        "config": [],
        "isolated": False,
        "exclude": None,
        "extend_exclude": (),
        "force_exclude": False,
        "respect_gitignore": None,
        "add_suppressions": False,
        "baseline": None,
        "write_baseline": None,
        "no_cache": False,
        "cache_dir": None,
        "jobs": None,
    }


def plain_check(args: list[str]) -> SimpleNamespace | None:
    """The namespace of ``check ARGS...`` (``args[0]`` is "check"), or None: the parser decides."""
    if not args or args[0] != "check":
        return None
    found = split_words(args[1:], _TAKES_VALUE)
    if found is None:
        return None
    values = check_defaults()
    words, values["paths"] = found
    for name, value in words:
        dest, kind = OPTIONS[name]
        if kind in ("on", "off"):
            values[dest] = kind == "on"
        elif kind == "int":
            if not value.isascii() or not value.isdigit():
                return None
            values[dest] = int(value)
        elif kind == "codes":
            values[dest] = codes(value)
        elif kind == "format":
            if value not in (*OUTPUT_FORMATS, "text"):
                return None
            values[dest] = value
        else:
            values[dest] = value
    return SimpleNamespace(**values)
