"""`toilint [check] PATH...`, `toilint rules`, `toilint explain CODE`, `toilint bench`, `toilint server`.

Exit codes follow ruff: 0 clean, 1 diagnostics remain, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import traceback
from collections.abc import Sequence

from toilint.api import lint_source
from toilint.diagnostics import Diagnostic, Severity
from toilint.files import SourceFile, discover, read_source, write_atomic
from toilint.lines import LineIndex
from toilint.report import FORMATS, FileReport, get_reporter
from toilint.settings import DEFAULT_SELECT, Settings

SUBCOMMANDS = ("check", "rules", "explain", "bench", "server")


class UsageError(Exception):
    pass


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toilint", description="Linter, autofixer and language server for Toi.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files and directories (the default command)")
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (`-` reads stdin)")
    check.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="concise")
    check.add_argument("--select", type=_codes, default=None, help="comma-separated codes or prefixes to enable")
    check.add_argument("--extend-select", type=_codes, default=(), help="codes or prefixes to enable on top")
    check.add_argument("--ignore", type=_codes, default=(), help="codes or prefixes to disable")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix or --diff)")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--show-fixes", action="store_true", help="list the fixes that were applied")
    check.add_argument("--stdin-filename", default=None, help="the name to use for `-`")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics remain")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only")
    check.add_argument("-v", "--verbose", action="store_true", help="tracebacks for internal errors")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", help="a code (PERF101) or a name (regex-call-in-loop)")

    bench = sub.add_parser("bench", help="measure the performance rules on the real interpreter")
    bench.add_argument("files", nargs="*", help="your own programs, or case codes (default: every bundled case)")
    bench.add_argument("--toi", default=None, help="the interpreter (default: $TOI, then `toi` on PATH)")
    bench.add_argument("--repeat", type=int, default=5, help="runs of each side (default 5)")
    bench.add_argument("--cases", default=None, help="directory of <CODE>/before.toi cases (default: bundled)")
    bench.add_argument("--results", default=None, help="where to record results (default: benchmarks/results.json)")

    server = sub.add_parser("server", help="start the language server (stdio)")
    server.add_argument("--tcp", type=int, default=None, metavar="PORT", help="listen on 127.0.0.1:PORT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "check")
    parser = build_parser()
    args = parser.parse_args(args_list)
    verbose = getattr(args, "verbose", False)
    try:
        if args.version:
            from toilint import __version__

            print(f"toilint {__version__}")
            return 0
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "bench":
            from toilint.bench import cli_bench

            return cli_bench(args)
        if args.command == "server":
            from lsp.server import start

            return start(args)
        return cmd_check(args)
    except UsageError as exc:
        print(f"toilint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the user gets one line; --verbose gets the traceback
        if verbose:
            traceback.print_exc()
        print(f"toilint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from toilint.rules.base import all_rules

    rules = all_rules()
    if args.format == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "summary": r.summary(),
                "fix": r.fix.value if r.fix else None,
                "default": r.default_enabled,
                "severity": r.severity.value,
            }
            for r in rules.values()
        ]
        print(json.dumps(data, indent=2))
        return 0
    for r in rules.values():
        fix = f" [fix: {r.fix.value}]" if r.fix else ""
        off = "" if r.default_enabled else " (opt-in)"
        print(f"{r.code:8} {r.name:36} {r.summary()}{fix}{off}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from toilint.rules.base import find_rule

    rule = find_rule(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `toilint rules`)")
    print(f"# {rule.code} {rule.name}\n")
    print(rule.doc())
    measured = _measured(rule.code)
    if measured:
        print(f"\n## Measured on the real interpreter\n{measured}")
    return 0


def _measured(code: str) -> str | None:
    try:
        from toilint.bench import measured_line
    except ImportError:
        return None
    return measured_line(code)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(
        select=args.select if args.select is not None else DEFAULT_SELECT,
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
    )


def _unreadable(source: SourceFile) -> FileReport:
    diag = Diagnostic("E902", source.problem or "cannot read file", 0, 0, Severity.ERROR, name="io-error")
    return FileReport(source.path, [diag], LineIndex(source.text or ""))


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fixing = args.fix or args.diff
    reports: list[FileReport] = []
    fixed_total = 0
    status = 0
    for path in _inputs(args.paths):
        if path == "-":
            source = SourceFile(args.stdin_filename or "-", sys.stdin.read())
        else:
            source = read_source(path)
        if source.text is None:
            reports.append(_unreadable(source))
            continue
        display = source.path
        if fixing:
            from toilint.fixer import fix_source

            result = fix_source(source.text, display, settings, unsafe=args.unsafe_fixes)
            lint = result.remaining
            for err in result.errors:
                print(f"toilint: {display}: {err}", file=sys.stderr)
                status = 2
            if result.text != source.text:
                if args.diff:
                    sys.stdout.write(
                        "".join(
                            difflib.unified_diff(
                                source.text.splitlines(keepends=True),
                                result.text.splitlines(keepends=True),
                                fromfile=display,
                                tofile=display,
                            )
                        )
                    )
                elif path == "-":
                    sys.stdout.write(result.text)
                elif not source.writable:
                    print(f"toilint: {display}: not rewritten: {source.problem}", file=sys.stderr)
                else:
                    try:
                        write_atomic(path, result.text)
                    except OSError as exc:
                        print(f"toilint: {display}: cannot write: {exc.strerror or exc}", file=sys.stderr)
                        status = 2
                        continue
                    fixed_total += len(result.applied)
                    if args.show_fixes:
                        for d in result.applied:
                            line, col = LineIndex(source.text).position(d.start)
                            print(
                                f"fixed {display}:{line}:{col + 1}: {d.code} {d.fix.message if d.fix else ''}",
                                file=sys.stderr,
                            )
            elif path == "-" and not args.diff:
                sys.stdout.write(result.text)
            diagnostics = lint.diagnostics
            lines = lint.lines
        else:
            lint = lint_source(source.text, display, settings)
            diagnostics, lines = lint.diagnostics, lint.lines
        if source.problem:
            diagnostics = [Diagnostic("E902", source.problem, 0, 0, Severity.ERROR, name="io-error"), *diagnostics]
        reports.append(FileReport(display, diagnostics, lines))

    output = get_reporter(args.format)(reports)
    to_stdout = not (fixing and "-" in args.paths and not args.diff)
    (sys.stdout if to_stdout else sys.stderr).write(output)
    count = sum(len(r.diagnostics) for r in reports)
    if not args.quiet and args.format in ("concise", "full", "text"):
        summary = []
        if count:
            summary.append(f"Found {count} diagnostic{'s' if count != 1 else ''}.")
        if fixed_total:
            summary.append(f"Fixed {fixed_total}.")
        if not count and not fixed_total:
            summary.append("All checks passed!")
        print(" ".join(summary), file=sys.stderr if not to_stdout else sys.stdout)
    if status:
        return status
    if count and not args.exit_zero:
        return 1
    return 0


def _inputs(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        import os

        if not os.path.exists(p) and not os.path.islink(p):
            raise UsageError(f"{p}: No such file or directory")
        out.extend(discover([p]))
    return out


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
