"""The command line's parser (argparse): every subcommand and option, with their help.

A plain check is usually read without it (``toilint.cli.argv``); this module is imported for
every other command line.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys

from toilint._typing import Any
from toilint.cli.argv import codes as _codes
from toilint.cli.argv import globs as _globs
from toilint.workspace.config import OUTPUT_FORMATS


def _per_file_ignore(value: str) -> tuple[str, tuple[str, ...]]:
    glob, sep, codes = value.rpartition(":")
    if not sep or not glob or not codes:
        raise argparse.ArgumentTypeError(f"expected GLOB:CODES, like 'tests/*.toi:W2,PERF', not {value!r}")
    return glob, _codes(codes)


def _help_width() -> int:
    """The width argparse wraps help to: ``shutil.get_terminal_size().columns - 2``, computed the
    same way without importing shutil (which loads zlib, bz2 and lzma: a few milliseconds of every
    start), and once instead of at each of the ~30 ``add_argument`` calls."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns - 2


class _Parser(argparse.ArgumentParser):
    """argparse's parser with a help formatter of a known width (see :func:`_help_width`); its
    subcommands' parsers are of this class too."""

    width: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _Parser.width is None:
            _Parser.width = _help_width()
        kwargs.setdefault("formatter_class", functools.partial(argparse.HelpFormatter, width=_Parser.width))
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    _Parser.width = None  # the terminal's width now
    parser = _Parser(prog="toilint", description="Linter, autofixer and language server for Toi.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files and directories (the default command)")
    check.add_argument("paths", nargs="*", help="files or directories (default: .; `-` reads stdin)")
    out = check.add_argument_group("output")
    out.add_argument(
        "--format", "--output-format", dest="format", choices=(*OUTPUT_FORMATS, "text"), default=None, metavar="FORMAT"
    )
    out.add_argument("-o", "--output-file", default=None, metavar="PATH", help="write the report to a file")
    out.add_argument("--statistics", action="store_true", help="count diagnostics per code instead of listing them")
    out.add_argument("--show-fixes", action="store_true", help="list the fixes that were applied")
    out.add_argument(
        "--profile-data",
        default=None,
        metavar="FILE",
        help="order and annotate findings by their cost (from `toilint profile`)",
    )
    out.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary or progress")
    out.add_argument("-v", "--verbose", action="store_true", help="say which configuration and cache were used")
    out.add_argument("-w", "--watch", action="store_true", help="lint again whenever a file changes")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics remain")
    out.add_argument(
        "--exit-non-zero-on-fix", action="store_true", help="exit 1 when a fix was applied, even if nothing remains"
    )

    rules = check.add_argument_group("rule selection")
    rules.add_argument("--select", type=_codes, default=None, help="codes or prefixes to enable (replaces the config)")
    rules.add_argument("--extend-select", type=_codes, default=(), help="codes or prefixes to enable on top")
    rules.add_argument("--ignore", type=_codes, default=(), help="codes or prefixes to disable")
    rules.add_argument(
        "--per-file-ignores",
        type=_per_file_ignore,
        action="append",
        default=[],
        metavar="GLOB:CODES",
        help="disable codes in files matching GLOB (repeatable)",
    )

    fixing = check.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", default=None, help="apply safe fixes")
    fixing.add_argument("--no-fix", dest="fix", action="store_false", help="do not apply fixes (beats the config)")
    fixing.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply unsafe fixes")
    fixing.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")

    files = check.add_argument_group("files and configuration")
    files.add_argument("--stdin-filename", default=None, help="the file name `-` stands for (configuration, messages)")
    files.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="PATH|KEY=VALUE",
        help="a configuration file for every file, or one TOML `key = value` override (repeatable)",
    )
    files.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    files.add_argument("--exclude", type=_globs, default=None, help="globs to skip (replaces the config's)")
    files.add_argument("--extend-exclude", type=_globs, default=(), help="globs to skip on top")
    files.add_argument(
        "--force-exclude", action="store_true", help="apply the excludes to files named on the command line too"
    )
    files.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", default=None)

    adopt = check.add_argument_group("adoption")
    adopt.add_argument(
        "--add-suppressions", action="store_true", help="add `-- toilint: ignore[...]` to every line with a diagnostic"
    )
    adopt.add_argument("--baseline", default=None, metavar="FILE", help="report only diagnostics not in FILE")
    adopt.add_argument("--write-baseline", default=None, metavar="FILE", help="record the current diagnostics in FILE")

    perf = check.add_argument_group("speed")
    perf.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    perf.add_argument("--cache-dir", default=None, metavar="DIR", help="where the cache lives")
    perf.add_argument("-j", "--jobs", type=int, default=None, help="processes to lint with (default: cores)")

    rules_cmd = sub.add_parser("rules", help="list every rule")
    rules_cmd.add_argument("--format", "--output-format", dest="format", choices=("text", "json"), default="text")

    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", help="a code (PERF101) or a name (regex-call-in-loop)")

    bench = sub.add_parser("bench", help="measure the performance rules on the real interpreter")
    bench.add_argument("files", nargs="*", help="your own programs, or case codes (default: every bundled case)")
    bench.add_argument("--list", action="store_true", help="list the cases and their recorded results; run nothing")
    bench.add_argument("--toi", default=None, help="the interpreter (default: $TOI, then `toi` on PATH)")
    bench.add_argument("--repeat", type=int, default=5, help="runs of each side (default 5)")
    bench.add_argument("--cases", default=None, help="directory of <CODE>/before.toi cases (default: bundled)")
    bench.add_argument("--results", default=None, help="where to record results (default: the bundled results.json)")

    from toilint.profile.options import add_arguments as profile_arguments

    profile_arguments(sub.add_parser("profile", help="rank a program's performance findings by what they cost its run"))

    server = sub.add_parser("server", help="start the language server (stdio)")
    server.add_argument("--tcp", type=int, default=None, metavar="PORT", help="listen on 127.0.0.1:PORT")
    return parser
