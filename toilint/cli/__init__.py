"""`toilint [check] PATH...`, `toilint rules`, `toilint explain CODE`, `toilint bench`, `toilint server`.

Options and their spelling follow ruff wherever ruff has the same thing, so that the command
line is already familiar. Exit codes follow ruff: 0 clean, 1 diagnostics remain, 2 usage or
internal error.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from toilint._gc import gc_paused, settle
from toilint._typing import IO, TYPE_CHECKING, Any
from toilint.cli.argv import plain_check
from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.records import field, record
from toilint.report import FileReport, ReportOptions, is_fixable
from toilint.report.formats import HUMAN_FORMATS, get_reporter
from toilint.report.summary import summary, use_color
from toilint.settings import Settings
from toilint.workspace.config import Config, ConfigError, Overrides, Resolver, check_codes, parse_inline
from toilint.workspace.files import SourceFile, Walker, decode, read_source

if TYPE_CHECKING:
    import argparse

    from toilint.api import LintResult
    from toilint.workspace.cache import Cache

SUBCOMMANDS = ("check", "rules", "explain", "bench", "profile", "server")
#: below this much source, a process pool costs more (start-up, pickling) than it saves
PARALLEL_MIN_FILES = 4
PARALLEL_MIN_CHARS = 150_000


class UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None, *, resume_collector: bool = False) -> int:
    """Run the command line ``argv`` (default: the process's); the exit code.

    ``resume_collector``: the caller paused the cyclic collector for the process's start-up
    (``toilint.entry``); the commands that run on (the server, ``--watch``, bench, profile)
    resume it, a check keeps it paused to the end.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "check")
    # the common check command line without argparse (its import and parser: ~7 ms of a run)
    args: Any = plain_check(args_list)
    if args is None:
        from toilint.cli.parser import build_parser

        try:
            args = build_parser().parse_args(args_list)
        except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
            return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    verbose = getattr(args, "verbose", False)
    if resume_collector and (args.command not in ("check", "rules", "explain") or getattr(args, "watch", False)):
        gc.enable()
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
            from toilint.bench.command import cli_bench

            return cli_bench(args)
        if args.command == "profile":
            from toilint.profile.command import cli_profile

            return cli_profile(args)
        if args.command == "server":
            from toilint.lsp.server import start

            return int(start(args))
        if args.watch:
            return cmd_watch(args, verbose)
        with gc_paused():  # the whole check, its imports and set-up too: see toilint._gc
            return cmd_check(args)
    except (UsageError, ConfigError) as exc:
        return report_exception(exc, verbose)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `toilint ... | head`: the reader is gone, so is the point of printing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # the user gets one line; --verbose gets the traceback
        return report_exception(exc, verbose)


def report_exception(exc: Exception, verbose: bool) -> int:
    """One line on stderr (the traceback too with --verbose); the exit status it means."""
    if isinstance(exc, UsageError | ConfigError):
        print(f"toilint: error: {exc}", file=sys.stderr)
        return 2
    if verbose:
        import traceback

        traceback.print_exception(exc)
    print(f"toilint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 2


def cmd_watch(args: argparse.Namespace, verbose: bool) -> int:
    from toilint.cli.watch import watch

    if "-" in (args.paths or []):
        raise UsageError("--watch cannot read stdin")
    for option in ("diff", "add_suppressions", "write_baseline", "output_file"):
        if getattr(args, option):
            raise UsageError(f"--watch cannot be combined with --{option.replace('_', '-')}")
    return watch(args, cmd_check, lambda exc: report_exception(exc, verbose))


# ---------------------------------------------------------------------------------------------- rules, explain


def rule_info(rule: Any) -> dict[str, Any]:
    from toilint.report import rule_url

    return {
        "code": rule.code,
        "name": rule.name,
        "linter": rule.family(),
        "summary": rule.summary(),
        "fix": rule.fix.value if rule.fix else None,
        "default": rule.default_enabled and rule.status == "stable",
        "status": rule.status,
        "severity": rule.severity.value,
        "url": rule_url(rule.code),
        "explanation": rule.doc(),
    }


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from toilint.rules.base import all_rules

    rules = all_rules()
    if args.format == "json":
        print(json.dumps([rule_info(r) for r in rules.values()], indent=2, ensure_ascii=False))
        return 0
    for r in rules.values():
        fix = f" [fix: {r.fix.value}]" if r.fix else ""
        off = f" ({r.status})" if r.status != "stable" else "" if r.default_enabled else " (opt-in)"
        print(f"{r.code:8} {r.name:36} {r.summary()}{fix}{off}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """The rule's documentation and its latest recorded measurement: the primary reference."""
    from toilint.docs import DOCS_DIR
    from toilint.report import rule_url
    from toilint.rules.base import find_rule

    rule = find_rule(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `toilint rules`)")
    print(f"# {rule.code} {rule.name}\n")
    print(rule.doc())
    measured = _measured(rule.code)
    if measured:
        print(f"\n## Measured on the real interpreter\n{measured}")
    if rule.code.startswith("PERF"):
        from toilint.profile.costs import explain_line

        print(f"\n## In your program\n{explain_line(rule.code)}")
    url = rule_url(rule.code)
    page = DOCS_DIR / f"{rule.code}.md"
    print(f"\nDocumentation: {page if url == page.as_uri() else url}")
    return 0


def _measured(code: str) -> str | None:
    from toilint.bench.results import measured_line

    return measured_line(code)


# ---------------------------------------------------------------------------------------------- check


@record
class Job:
    """One file to lint (or fix): picklable, so that it can go to a worker process."""

    path: str
    display: str
    text: str
    settings: Settings
    mode: str  # "lint" | "fix" | "diff"
    unsafe: bool
    writable: bool
    problem: str | None = None  # read_source's note (not UTF-8): reported as E902
    #: the run keeps what the result depends on (``Outcome.dependencies``: for the cache and
    #: ``--watch``); working it out costs ~70 us a file that a --no-cache run need not pay
    dependencies: bool = True


@record
class Outcome:
    diagnostics: list[Diagnostic]
    text: str  # the text the diagnostics refer to (the fixed text after --fix)
    applied: list[Diagnostic] = field(factory=list)
    applied_in: str = ""  # the text the applied fixes' offsets refer to
    errors: list[str] = field(factory=list)
    write_error: str | None = None
    #: what the diagnostics depend on besides the text and the settings (``cache.dependencies``)
    dependencies: list[Any] = field(factory=list)
    #: the line index the lint made of ``text`` (reused by the report instead of a second scan;
    #: pickled from a worker it shares the text); None: the report makes one
    lines: LineIndex | None = None


def run_job(job: Job) -> Outcome:
    """Lint or fix one file; runs in a worker process for big runs (writes the fixed file itself)."""
    if job.mode == "lint":
        from toilint.api import lint_source

        result = lint_source(job.text, job.display, job.settings)
        outcome = Outcome(result.offered, job.text, dependencies=_dependencies(result, job))
        if result.lines.text is job.text:
            outcome.lines = result.lines
        # freed at once (not kept to the process's end, which frees nothing): a finished analysis
        # kept alive made the next file's take fresh memory, and the page faults cost more than
        # the freeing saved
        result.release()  # the cyclic collector cost a tenth of a -j 1 run
        settle()
        return outcome
    from toilint.fix.fixer import fix_source
    from toilint.workspace.files import write_atomic

    fixed = fix_source(job.text, job.display, job.settings, unsafe=job.unsafe)
    outcome = Outcome(fixed.remaining.offered, fixed.text, fixed.applied, job.text, list(fixed.errors))
    outcome.dependencies = _dependencies(fixed.remaining, job)
    fixed.remaining.release()
    if job.mode == "fix" and fixed.text != job.text and job.path != "-":
        if not job.writable:
            outcome.write_error = f"not rewritten: {job.problem or 'not writable'}"
            _lint_again(job, outcome)
        else:
            try:
                write_atomic(job.path, fixed.text, original=job.text)
            except OSError as exc:
                outcome.write_error = f"cannot write: {exc.strerror or exc}"
                _lint_again(job, outcome)
    settle()
    return outcome


def _lint_again(job: Job, outcome: Outcome) -> None:
    """The fixed text was not written: the outcome is the original text's."""
    from toilint.api import lint_source

    result = lint_source(job.text, job.display, job.settings)
    outcome.diagnostics, outcome.dependencies = result.offered, _dependencies(result, job)
    outcome.text, outcome.applied = job.text, []
    result.release()


def _dependencies(result: LintResult, job: Job) -> list[Any]:
    if not job.dependencies:
        return []
    # the states the lint saw (taken before it read the modules), in the worker that ran it
    from toilint.workspace.cache import dependencies

    return dependencies(result.module_states, job.settings.project_root)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")
    except (AttributeError, ValueError):
        return False


class Progress:
    """A one-line bar on stderr, only on a terminal and only once a run has taken a second.

    Hand-written rather than rich's: importing rich costs more start-up time than a whole
    warm-cache run is allowed, and one carriage-return line is all that is needed.
    """

    DELAY = 1.0

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1
        self.start = time.monotonic()
        self.done = 0
        self.shown = False
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.DELAY or now - self._last < 0.1:
            return
        self._last = now
        self.shown = True
        width = 30
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\rLinting [{bar}] {self.done}/{self.total} files, {now - self.start:.1f}s")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run_jobs(jobs: list[Job], workers: int, progress: Progress, log: Any) -> list[Outcome]:
    total_chars = sum(len(j.text) for j in jobs)
    if workers > 1 and len(jobs) >= PARALLEL_MIN_FILES and total_chars >= PARALLEL_MIN_CHARS:
        # load the grammar and the rules once here, so forked workers start warm
        from toilint.api import enabled_rules, lint_source

        lint_source("x = 1\nprint(x)\n", "<warm-up>")
        for settings in {job.settings for job in jobs}:  # the rules the jobs enable, imported once here
            enabled_rules(settings)
        workers = min(workers, len(jobs))
        log(f"linting {len(jobs)} files in {workers} processes")
        chunk = max(1, min(16, len(jobs) // (workers * 4)))
        # forked inside the pause, the workers keep the collector paused for their whole batch
        with gc_paused():
            if hasattr(os, "fork"):
                from toilint.cli.pool import run_forked

                return run_forked(jobs, run_job, workers, chunk, progress.advance)
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:  # spawned workers (Windows)
                outcomes: list[Outcome] = []
                for outcome in pool.map(run_job, jobs, chunksize=chunk):  # map keeps the input order
                    outcomes.append(outcome)
                    progress.advance()
                return outcomes
    log(f"linting {len(jobs)} files in this process")
    outcomes = []
    with gc_paused():  # for the whole batch, not file by file: see toilint._gc
        for job in jobs:
            outcomes.append(run_job(job))
            progress.advance()
    return outcomes


def _overrides(args: argparse.Namespace) -> tuple[Overrides, Path | None]:
    fixed: Path | None = None
    inline: dict[str, Any] = {}
    for value in args.config:
        if os.path.isfile(value):
            if fixed is not None:
                raise UsageError("--config names more than one file")
            fixed = Path(value)
        elif "=" in value:
            inline.update(parse_inline(value))
        else:
            raise UsageError(f"--config {value}: no such file")
    codes = [*(args.select or ()), *args.extend_select, *args.ignore]
    codes += [c for _, cs in args.per_file_ignores for c in cs]
    if codes:
        check_codes(codes, "command line")
    overrides = Overrides(
        select=args.select,
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
        per_file_ignores=tuple(args.per_file_ignores),
        exclude=args.exclude,
        extend_exclude=tuple(args.extend_exclude),
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        output_format=None,
        respect_gitignore=args.respect_gitignore,
        inline=inline,
    )
    return overrides, fixed


def _cache_dir(args: argparse.Namespace, config: Config, memo: dict[int, Path]) -> Path:
    found = memo.get(id(config))  # configs live as long as the run's resolver: ids are stable
    if found is None:
        found = memo[id(config)] = _find_cache_dir(args, config)
    return found


def _find_cache_dir(args: argparse.Namespace, config: Config) -> Path:
    from toilint.workspace.cache import CACHE_DIR_NAME

    if args.cache_dir:
        return Path(args.cache_dir).resolve()
    if os.environ.get("TOILINT_CACHE_DIR"):
        return Path(os.environ["TOILINT_CACHE_DIR"]).resolve()
    if config.cache_dir is not None:
        return config.cache_dir
    root = config.root if config.path is not None else Path.cwd()
    return (root / CACHE_DIR_NAME).resolve()


def _io_error(message: str) -> Diagnostic:
    from toilint.rules.errors.syntax_error import IoError

    return IoError.diagnostic(message, 0, 0)


@record(eq=False)
class Pending:
    """A file that must be linted (not answered by the cache): its job and where its report goes."""

    index: int
    job: Job
    cache_dir: Path | None
    digest: str


@record(eq=False)
class CheckRun:
    """The state one `toilint check` builds up step by step (see :func:`cmd_check`)."""

    args: argparse.Namespace
    resolver: Resolver
    fmt: str
    paths: list[str]
    use_cache: bool
    cache: Cache
    started: float = field(factory=time.monotonic)
    #: one per file, in walk order; None until its job has run
    reports: list[FileReport | None] = field(factory=list)
    pending: list[Pending] = field(factory=list)
    status: int = 0
    fixed_total: int = 0
    diffs: int = 0
    stdin_text: str | None = None
    #: the fixed text of stdin, printed instead of a report
    fix_output: str | None = None
    #: the command line changes no setting: what the configuration files say is what applies
    plain: bool = False
    #: the states of the module files the results depend on, as each result saw them
    #: (``cache.dependencies``): what `--watch` watches besides the paths
    module_states: list[list[Any]] = field(factory=list)
    #: the results' dependencies are kept (the cache, or --watch): see ``Job.dependencies``
    dependencies: bool = True

    def log(self, message: str) -> None:
        if self.args.verbose:
            print(f"toilint: {message}", file=sys.stderr)

    @property
    def final(self) -> list[FileReport]:
        return [r for r in self.reports if r is not None]


def cmd_check(args: argparse.Namespace, module_states: list[list[Any]] | None = None) -> int:
    """Lint (or fix) files: the steps below, in order (``module_states``: filled with
    ``CheckRun.module_states``)."""
    run = prepare_check(args)
    run.dependencies = run.use_cache or module_states is not None
    discover(run)
    outcomes = lint_pending(run)
    collect(run, outcomes)
    if module_states is not None:
        module_states.extend(run.module_states)
    save_cache(run)
    print_fixed_stdin(run)
    if args.add_suppressions:
        return suppress(run)
    if args.baseline:
        apply_baseline(run)
    if args.write_baseline:
        return record_baseline(run)
    if args.profile_data:
        annotate_with_profile(run)
    count = render(run)
    run.log(f"{len(run.final)} files in {time.monotonic() - run.started:.3f}s")
    return exit_code(run, count)


def prepare_check(args: argparse.Namespace) -> CheckRun:
    """Validate the arguments and load the configuration."""
    overrides, fixed_config = _overrides(args)
    resolver = Resolver(overrides, fixed=fixed_config, isolated=args.isolated)
    fmt = args.format or resolver.default.output_format or "full"
    if fmt == "text":
        fmt = "concise"
    paths = args.paths or ["."]
    if "-" in paths and len(paths) > 1:
        raise UsageError("`-` (stdin) cannot be combined with other paths")
    for p in paths:
        if p != "-" and not os.path.exists(p) and not os.path.islink(p):
            raise UsageError(f"{p}: No such file or directory")
    if args.add_suppressions and (args.fix or args.diff):
        raise UsageError("--add-suppressions cannot be combined with --fix or --diff")
    from toilint.workspace.cache import Cache

    use_cache = not args.no_cache and not args.add_suppressions
    plain = overrides == Overrides() and fixed_config is None and not args.isolated
    return CheckRun(args, resolver, fmt, paths, use_cache, Cache(), plain=plain)


def discover(run: CheckRun) -> None:
    """Walk the paths; answer unchanged files from the cache, make a job of every other one."""
    from toilint.workspace.cache import content_hash

    args, resolver = run.args, run.resolver
    cache_dirs: dict[int, Path] = {}
    for path in Walker(resolver, force_exclude=args.force_exclude).files(run.paths):
        if path == "-":
            display = args.stdin_filename or "-"
            config = resolver.for_path(args.stdin_filename) if args.stdin_filename else resolver.default
            source = decode(sys.stdin.buffer.read(), display)
            run.stdin_text = source.text
        else:
            config = resolver.for_path(path)
            source = read_source(path)
            display = path
        if config.path is not None:
            run.log(f"{display}: configuration {config.path}")
        settings = config.settings
        if source.text is None:
            run.reports.append(FileReport(display, [_io_error(source.problem or "cannot read file")], LineIndex("")))
            continue
        fixing = bool(settings.fix or args.diff)
        mode = "diff" if args.diff else ("fix" if settings.fix else "lint")
        unsafe = settings.unsafe_fixes
        cache_dir: Path | None = None
        digest = ""
        if run.use_cache and path != "-":
            cache_dir = _cache_dir(args, config, cache_dirs)
            digest = content_hash(source.text)
            cached = run.cache.get(cache_dir, settings.fingerprint, path, digest, run.module_states)
            if cached is not None and not (fixing and any(is_fixable(d, unsafe) for d in cached)):
                run.reports.append(_file_report(display, cached, source, args.add_suppressions))
                continue
        job = Job(path, display, source.text, settings, mode, unsafe, source.writable, source.problem, run.dependencies)
        run.pending.append(Pending(len(run.reports), job, cache_dir, digest))
        run.reports.append(None)


def lint_pending(run: CheckRun) -> list[Outcome]:
    """Run the jobs, in worker processes when the run is big enough to gain from them."""
    progress = Progress(len(run.pending), _stderr_is_terminal() and not run.args.quiet)
    try:
        return _run_jobs([p.job for p in run.pending], run.args.jobs or _default_jobs(), progress, run.log)
    finally:
        progress.close()


def collect(run: CheckRun, outcomes: list[Outcome]) -> None:
    """Report each job's errors, diff and applied fixes; cache its result; file its report."""
    from toilint.workspace.cache import content_hash

    args = run.args
    for pending, outcome in zip(run.pending, outcomes, strict=True):
        job = pending.job
        for err in outcome.errors:
            print(f"toilint: {job.display}: {err}", file=sys.stderr)
            run.status = 2
        if outcome.write_error:
            print(f"toilint: {job.display}: {outcome.write_error}", file=sys.stderr)
            if job.writable:
                run.status = 2
        if job.mode == "diff" and outcome.text != job.text:
            run.diffs += 1
            sys.stdout.write(_unified_diff(job, outcome))
        if job.path == "-" and job.mode == "fix":
            run.fix_output = outcome.text
        if job.mode == "fix" and not outcome.write_error:
            run.fixed_total += len(outcome.applied)
            if args.show_fixes and outcome.applied:
                _show_fixes(job, outcome)
        if outcome.dependencies:
            run.module_states.extend(outcome.dependencies[1])
        if pending.cache_dir is not None and job.mode != "diff":
            # cache what is on disk now: the fixed text when it was written
            text = outcome.text if job.mode == "fix" and not outcome.write_error else job.text
            key = pending.digest if text == job.text else content_hash(text)
            run.cache.put(
                pending.cache_dir, job.settings.fingerprint, job.path, key, outcome.diagnostics, outcome.dependencies
            )
        problem = read_problem(job)
        diagnostics = outcome.diagnostics
        if problem:
            diagnostics = [_io_error(problem), *diagnostics]
        lines = outcome.lines
        if lines is None or lines.text is not outcome.text:
            lines = LineIndex(outcome.text)
        run.reports[pending.index] = FileReport(job.display, diagnostics, lines)


def _unified_diff(job: Job, outcome: Outcome) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            job.text.splitlines(keepends=True),
            outcome.text.splitlines(keepends=True),
            fromfile=job.display,
            tofile=job.display,
        )
    )


def _show_fixes(job: Job, outcome: Outcome) -> None:
    before = LineIndex(outcome.applied_in)
    for d in outcome.applied:
        line, col = before.position(d.start)
        title = d.fix.message if d.fix else ""
        print(f"Fixed {job.display}:{line}:{col + 1}: {d.code} {title}", file=sys.stderr)


def save_cache(run: CheckRun) -> None:
    if not run.use_cache:
        return
    if run.plain:  # what toilint.entry needs to answer the next run without reading configuration
        explicit = run.args.cache_dir or os.environ.get("TOILINT_CACHE_DIR")
        for config in run.resolver.configs():
            if config.path is not None and (config.cache_dir is None or explicit):
                run.cache.remember_config(_find_cache_dir(run.args, config), config)
    run.cache.save()
    for note in run.cache.notes:
        run.log(note)
    run.log(f"cache: {run.cache.hits} hits, {run.cache.misses} misses")


def print_fixed_stdin(run: CheckRun) -> None:
    """`--fix` on stdin prints the (fixed) source, as ruff does; the report then goes to stderr."""
    if run.fix_output is not None:
        sys.stdout.write(run.fix_output)
    elif run.stdin_text is not None and run.args.fix and not run.args.diff:
        sys.stdout.write(run.stdin_text)


def suppress(run: CheckRun) -> int:
    added = add_suppressions(run.final, stdin=run.stdin_text is not None)
    if not run.args.quiet:
        print(f"Added {added} suppression{'s' if added != 1 else ''}.", file=sys.stderr)
    return run.status


def apply_baseline(run: CheckRun) -> None:
    """Hide the diagnostics recorded in ``--baseline``."""
    from toilint.cli.adoption import BaselineError, filter_known, load_baseline

    baseline = run.args.baseline
    try:
        known = load_baseline(baseline)
    except BaselineError as exc:
        raise UsageError(f"--baseline {exc}") from None
    final = run.final
    shown_before = sum(len(r.diagnostics) for r in final)
    run.reports = list(filter_known(final, known, baseline))
    hidden = shown_before - sum(len(r.diagnostics) for r in run.final)
    run.log(f"baseline {baseline}: {hidden} known diagnostics hidden")


def record_baseline(run: CheckRun) -> int:
    from toilint.cli.adoption import write_baseline

    count = write_baseline(run.final, run.args.write_baseline)
    if not run.args.quiet:
        print(f"Recorded {count} diagnostic{'s' if count != 1 else ''} in {run.args.write_baseline}.", file=sys.stderr)
    return run.status


def annotate_with_profile(run: CheckRun) -> None:
    """Order and annotate the findings by what they cost (``--profile-data``, from `toilint profile`)."""
    from toilint.profile.annotate import annotate_reports
    from toilint.profile.data import ProfileDataError, load

    try:
        run.reports = list[FileReport | None](annotate_reports(run.final, load(Path(run.args.profile_data))))
    except ProfileDataError as exc:
        raise UsageError(f"--profile-data {exc}") from None


def render(run: CheckRun) -> int:
    """Write the report (stdout, stderr when stdout carries fixed source, or --output-file); the count."""
    args, final, fmt = run.args, run.final, run.fmt
    count = sum(len(r.diagnostics) for r in final)
    to_stdout = run.fix_output is None and not (run.stdin_text is not None and args.fix)
    stream: IO[str] = sys.stdout if to_stdout else sys.stderr
    out_file: IO[str] | None = None
    if args.output_file:
        try:
            Path(args.output_file).parent.mkdir(parents=True, exist_ok=True)
            out_file = open(args.output_file, "w", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--output-file {args.output_file}: {exc.strerror or exc}") from None
        stream = out_file
    unsafe = run.resolver.default.settings.unsafe_fixes
    options = ReportOptions(color=out_file is None and use_color(stream), unsafe_fixes=unsafe)
    try:
        if args.statistics:
            stream.write(render_statistics(final, fmt, options))
        else:
            stream.write(get_reporter(fmt)(final, options))
        if not args.quiet and fmt in HUMAN_FORMATS:
            stream.write(summary(final, count, run.fixed_total, options))
    finally:
        if out_file is not None:
            out_file.close()
    return count


def exit_code(run: CheckRun, count: int) -> int:
    """ruff's: 2 on errors, 1 when diagnostics remain (or --diff would change something)."""
    args = run.args
    if run.status:
        return run.status
    if args.diff:
        return 1 if run.diffs and not args.exit_zero else 0
    if count and not args.exit_zero:
        return 1
    if run.fixed_total and args.exit_non_zero_on_fix:
        return 1
    return 0


def read_problem(job: Job) -> str | None:
    """Files that could be read but must not be rewritten (not UTF-8) still say so in the report."""
    return job.problem


_NO_LINES = LineIndex("")


def _file_report(display: str, diagnostics: list[Diagnostic], source: SourceFile, keep_text: bool) -> FileReport:
    assert source.text is not None
    if source.problem:
        diagnostics = [_io_error(source.problem), *diagnostics]
    # a clean file's report never shows a line: skip indexing it (the warm-cache path is all overhead)
    lines = LineIndex(source.text) if diagnostics or keep_text else _NO_LINES
    return FileReport(display, diagnostics, lines)


def render_statistics(reports: list[FileReport], fmt: str, options: ReportOptions) -> str:
    """Counts per code, most frequent first (ruff's ``--statistics``)."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    fixable: dict[str, bool] = {}
    for r in reports:
        for d in r.diagnostics:
            counts[d.code] += 1
            names.setdefault(d.code, d.name)
            fixable[d.code] = fixable.get(d.code, False) or is_fixable(d, options.unsafe_fixes)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt in ("json", "json-lines"):
        import json

        items = [{"code": c, "name": names[c], "count": n, "fixable": fixable[c]} for c, n in ordered]
        return json.dumps(items, indent=2) + "\n"
    if not ordered:
        return ""
    width = max(len(str(n)) for _, n in ordered)
    code_width = max(len(c) for c, _ in ordered)
    return "".join(
        f"{n:>{width}}\t{c:<{code_width}}\t{'[*]' if fixable[c] else '   '} {names[c]}\n" for c, n in ordered
    )


def add_suppressions(reports: list[FileReport], stdin: bool) -> int:
    """Append (or extend) a ``-- toilint: ignore[...]`` comment on each line that has a diagnostic."""
    from toilint.cli.adoption import suppressed_text
    from toilint.workspace.files import write_atomic

    total = 0
    for r in reports:
        new_text, added = suppressed_text(r.lines.text, r.diagnostics, r.lines)
        if not added:
            if stdin:
                sys.stdout.write(r.lines.text)
            continue
        total += added
        if stdin:
            sys.stdout.write(new_text)
            continue
        try:
            write_atomic(r.path, new_text, original=r.lines.text)
        except OSError as exc:
            print(f"toilint: {r.path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
    return total
