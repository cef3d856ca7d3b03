"""The `toilint` command's entry point: a warm-cache check answered before the CLI is even loaded.

A pre-commit hook or an editor's on-save run checks a file or two that have not changed since the
last run. Their results are in the cache, and printing them costs far less than starting the CLI:
argparse, pathlib, typing, TOML, the configuration layer and the rules' registry (to check the
codes a configuration names) are most of a warm run.
So the process starts here, and this module answers by itself when

* the command line is a plain check of existing files with options from :data:`OPTIONS` only
  (spelled out in full; argparse would accept abbreviations, this module sends them on),
* one configuration applies to every file and to the working directory: none (the defaults, or
  ``--isolated``), or a configuration file that the CLI resolved in an earlier run and recorded
  in the cache, unchanged since (it and every file it extends: size, modification time, inode),
* and every file's result for its current content is in the cache.

It then prints exactly what :func:`toilint.cli.main` prints and returns the same exit code (the
same reporters, summary and cache lookup; tests compare the two). In every other case, and on any
surprise, it hands the whole command line to :func:`toilint.cli.main`, which decides as always.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # typing's import alone is a tenth of a warm run
if TYPE_CHECKING:
    from collections.abc import Sequence

    from toilint.diagnostics import Diagnostic

#: the options answered here: name -> takes a value
OPTIONS = {
    "--isolated": False,
    "-q": False,
    "--quiet": False,
    "--exit-zero": False,
    "--format": True,
    "--output-format": True,
    "--cache-dir": True,
}
#: the CLI's subcommands (a first word that is none of them means `check`)
SUBCOMMANDS = ("check", "rules", "explain", "bench", "profile", "server")


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Run the command line ``argv`` (default: the process's) and return the exit code.

    ``own_process``: the process exits after the command (the console script), so the cyclic
    collector stays paused for a check to the end instead of being resumed.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    # the collector paused through start-up (as toilint._gc.gc_paused, without importing it): the
    # imports allocate tens of thousands of objects that live as long as the process (modules,
    # classes, functions), and the young collections among them found nothing (~4 ms of a run)
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            answer = answer_from_cache(args)
        except KeyboardInterrupt:
            return 130
        except Exception:  # a surprise before anything was printed: the CLI decides, as always
            answer = None
        if answer is None:
            from toilint.cli import main as cli_main
    finally:
        if collecting and not own_process:
            gc.enable()
    if answer is None:
        return cli_main(args, resume_collector=collecting and own_process)
    text, code = answer
    try:
        sys.stdout.write(text)
    except BrokenPipeError:  # as toilint.cli.main: the reader is gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # as toilint.cli.main (an encoding that cannot show a message)
        print(f"toilint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return code


def main_entry() -> None:
    """Console-script entry point."""
    exit_now(main(own_process=True))


def exit_now(code: int) -> None:
    """End the process with ``code`` without tearing the interpreter down.

    Freeing every module, class, function and table one by one at exit was a tenth of a one-file
    run (~22 M instructions) and changes nothing a user sees: the standard streams are flushed
    here and every file we write is closed by then. When exit functions are registered
    (``atexit``), other threads still run, or a flush fails (a closed pipe), the interpreter exits
    as always (it runs them, waits for the threads, reports the failed flush).
    """
    import atexit

    threading = sys.modules.get("threading")
    if atexit._ncallbacks() or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(code)
    os._exit(code)


def parse(args: list[str]) -> dict[str, object] | None:
    """The options and files of a plain ``[check] FILE... [OPTIONS]`` command line, or None."""
    if args and args[0] == "check":
        args = args[1:]
    elif args and args[0] in SUBCOMMANDS:
        return None
    from toilint.command_line import split_words

    found = split_words(args, OPTIONS)
    if found is None or not found[1]:
        return None
    words, paths = found
    options: dict[str, object] = {}
    for name, value in words:
        # --format and --output-format are one option, the last one given counts (as in argparse)
        options["format" if name == "--output-format" else name.lstrip("-")] = value if OPTIONS[name] else True
    options["paths"] = paths
    return options


def answer_from_cache(args: list[str]) -> tuple[str, int] | None:
    """What a fully cached check prints and its exit code, or None (see the module doc)."""
    options = parse(args)
    if options is None:
        return None
    from toilint.report.formats import FORMATS

    fmt = options.get("format")
    if fmt is not None and fmt not in (*FORMATS, "text"):
        return None  # argparse's error message
    paths = options["paths"]
    assert isinstance(paths, list)
    if not all(os.path.isfile(p) for p in paths):
        return None
    config_file = None
    resolved: tuple[str, bool, bool, str | None] | None
    if not options.get("isolated"):
        # one configuration for every file and for the working directory (the CLI takes the
        # output format from the latter), else the CLI sorts it out
        nearest = {_nearest_config(d) for d in {os.getcwd(), *(os.path.dirname(os.path.abspath(p)) for p in paths)}}
        if len(nearest) != 1:
            return None
        (config_file,) = nearest
    explicit = options.get("cache-dir") or os.environ.get("TOILINT_CACHE_DIR")
    from toilint.workspace.cache import CACHE_DIR_NAME

    if config_file is None:
        from toilint.settings import Settings

        settings = Settings()  # what an unconfigured directory resolves to (a test checks it is the CLI's)
        cache_dir = os.path.realpath(str(explicit) if explicit else os.path.join(os.getcwd(), CACHE_DIR_NAME))
        resolved = (settings.fingerprint, settings.fix, settings.unsafe_fixes, None)
    else:
        root = os.path.dirname(config_file)
        cache_dir = os.path.realpath(str(explicit) if explicit else os.path.join(root, CACHE_DIR_NAME))
        resolved = _resolved_config(cache_dir, config_file)
        if resolved is None:
            return None
    fingerprint, fix, unsafe_fixes, config_format = resolved
    if fix:  # the CLI may have files to fix
        return None
    found = _cached(paths, cache_dir, fingerprint)
    if found is None:
        return None
    from toilint.workspace.cache import forget_peeked

    forget_peeked()
    fmt = fmt or config_format or "full"
    return _report(found, "concise" if fmt == "text" else str(fmt), options, unsafe_fixes)


def _nearest_config(directory: str) -> str | None:
    """The configuration file that may apply to ``directory``: the closest one above it."""
    from toilint.workspace import config_candidate

    current = os.path.realpath(directory)  # the configuration resolver looks from resolved paths
    while True:
        found = config_candidate(current)
        if found is not None:
            return os.path.realpath(found)
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _resolved_config(cache_dir: str, config_file: str) -> tuple[str, bool, bool, str | None] | None:
    """What the CLI recorded ``config_file`` resolves to, if it and what it extends are unchanged
    since (``Cache.remember_config``)."""
    from toilint.workspace import file_state
    from toilint.workspace.cache import configs_file, peek

    entries = peek(configs_file(cache_dir))
    try:
        sources, fingerprint, fix, unsafe_fixes, output_format = entries[config_file]  # type: ignore[index]
        if not sources or sources[0][0] != config_file:
            return None
        if any(file_state(state[0]) != tuple(state) for state in sources):
            return None
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    if not isinstance(fingerprint, str) or (output_format is not None and not isinstance(output_format, str)):
        return None
    return fingerprint, bool(fix), bool(unsafe_fixes), output_format


def _cached(paths: list[str], cache_dir: str, settings_key: str) -> list[tuple[str, str, list[Diagnostic]]] | None:
    """(path, text, diagnostics) of each file, in the CLI's order, if the cache holds all of them."""
    from toilint.workspace.cache import content_hash, lookup, peek, results_file

    found: list[tuple[str, str, list[Diagnostic]]] = []
    seen: set[str] = set()
    module_states: dict[str, list[object]] = {}
    for path in paths:
        absolute = os.path.abspath(path)
        if absolute in seen:  # the CLI lints a file named twice once
            continue
        seen.add(absolute)
        try:
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):  # the CLI reports these (E902)
            return None
        entries = peek(results_file(cache_dir, settings_key, path))
        diagnostics = lookup(entries, path, content_hash(text), module_states) if entries is not None else None
        if diagnostics is None:
            return None
        found.append((path, text, diagnostics))
    return found


def _report(
    found: list[tuple[str, str, list[Diagnostic]]], fmt: str, options: dict[str, object], unsafe_fixes: bool
) -> tuple[str, int]:
    """What `toilint check` prints for these results (``toilint.cli.render``), and its exit code."""
    from toilint.lines import LineIndex
    from toilint.report import FileReport, ReportOptions
    from toilint.report.formats import HUMAN_FORMATS, get_reporter
    from toilint.report.summary import summary, use_color

    no_lines = LineIndex("")
    reports = [FileReport(path, diags, LineIndex(text) if diags else no_lines) for path, text, diags in found]
    count = sum(len(r.diagnostics) for r in reports)
    report_options = ReportOptions(color=use_color(sys.stdout), unsafe_fixes=unsafe_fixes)
    out = get_reporter(fmt)(reports, report_options)
    if not options.get("quiet") and not options.get("q") and fmt in HUMAN_FORMATS:
        out += summary(reports, count, 0, report_options)
    return out, 1 if count and not options.get("exit-zero") else 0
