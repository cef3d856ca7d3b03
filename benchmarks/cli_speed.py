"""Whole-process speed of the `toilint` command, next to luacheck's and the bare interpreter's, in one run.

    python benchmarks/cli_speed.py [--corpus DIR] [--toilint PATH ...] [--runs 5] [--small-runs 21]
        [--instructions] [--json]

Measures, interleaving the tools run by run so that a busy machine weighs on all of them alike:

* start-up: one 8-line file, the whole process (what a pre-commit hook or an on-save run costs),
  with ``--no-cache`` and answered from a warm cache (``--isolated``, and as a plain ``toilint FILE``
  run from a project with a ``toilint.toml``), next to ``python -c pass`` and luacheck on a 3-line
  Lua file;
* throughput: ``toilint --no-cache`` over a ~22,000-line Toi corpus with ``-j 1`` and with the
  default process pool, next to ``luacheck`` over a ~22,000-line Lua corpus;
* warm: re-linting the unchanged corpus from the cache.

Every figure is the median of ``--runs`` (``--small-runs`` for start-up) runs, as wall time and as
CPU time (user + system of all processes, the fairer number on a shared machine). toilint runs
as the ``toilint`` console script next to this interpreter, with bytecode compiled first (what
``pip install`` leaves). luacheck is Debian's lua-check package; the Lua corpus is the Lua
sources installed under /usr/share (luacheck's own, Penlight's from lua-penlight, ...).

The Toi corpus is Toi's own programs and is never committed: point --corpus (or $TOI_CORPUS)
at a directory of .toi files. Files the compiler rejects are skipped when the directory has a
manifest.json; a corpus smaller than ``--lines`` is copied again under new names until it is
that long (the report gives the distinct line count).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = os.environ.get("TOI_CORPUS", "/work/toi-corpus")
LUA_DIRS = ("/usr/share/nvim/runtime/lua", "/usr/share/lua", "/usr/share/luajit-2.1.0-beta3", "/usr/share")
SMALL_TOI = """fn add(a, b)
    return a + b

local t = {}
for i in 0..9
    t[i] = add(i, 1)
print(t[3])
"""
SMALL_LUA = "local t = {}\nt.x = 1\nprint(t.x)\n"


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return fh.read().count(b"\n")


def toi_sources(corpus: Path) -> list[Path]:
    manifest = corpus / "manifest.json"
    if manifest.is_file():
        records = json.loads(manifest.read_text())
        files = [corpus / r["file"] for r in records if r.get("exit") == 0]
        head = corpus / "head_manifest.json"
        if head.is_file():
            files += [corpus / r["file"] for r in json.loads(head.read_text()) if r.get("exit") == 0]
        return sorted(files)
    return sorted(corpus.rglob("*.toi"))


def lua_sources() -> list[Path]:
    seen: set[Path] = set()
    out: list[Path] = []
    for d in LUA_DIRS:
        for p in sorted(Path(d).rglob("*.lua")) if Path(d).is_dir() else []:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(p)
    return out


def build_corpus(sources: list[Path], target: int, dest: Path, suffix: str) -> tuple[int, int]:
    """Copy files until ``target`` lines are reached, starting over with new names when the
    sources run out; returns (lines, distinct lines)."""
    dest.mkdir(parents=True, exist_ok=True)
    sizes = [(src, _lines(src)) for src in sources]
    sizes = [(src, n) for src, n in sizes if n]
    if not sizes:
        return 0, 0
    total = distinct = 0
    copied = 0
    while total < target:
        for src, n in sizes:
            if total >= target:
                break
            shutil.copyfile(src, dest / f"{copied:04}_{src.stem}{suffix}")
            total += n
            copied += 1
            if copied <= len(sizes):
                distinct += n
    return total, distinct


#: the configuration of the "configured project" start-up case
PROJECT_CONFIG = 'select = ["E", "W", "PERF"]\nignore = ["W2"]\noutput-format = "concise"\n'
#: a case's command runs in the benchmark's directory, or in this one below it when it starts with it
IN_PROJECT = "project"


def run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time (user + system, child processes included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def instructions(cmd: list[str], cwd: Path, env: dict[str, str]) -> int | None:
    """Instructions one run executes (valgrind's callgrind): the same on a busy machine as on an idle one."""
    if cmd[0] == IN_PROJECT:
        cmd, cwd = cmd[1:], cwd / IN_PROJECT
    if cmd[0] != "luacheck" and Path(cmd[0]).name != "python":
        cmd = [str(Path(cmd[0]).with_name("python")), *cmd]  # the script's interpreter, not a shell's
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={tmp}/out.%p", *cmd],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    found = [int(line.split(":")[-1]) for line in proc.stderr.splitlines() if "Collected :" in line]
    return sum(found) if found else None  # every process image: luacheck starts as `env lua5.1 ...`


def measure(cases: dict[str, list[str]], cwd: Path, env: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds per case; the cases take turns, run after run."""
    walls: dict[str, list[float]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            wall, cpu = run_once(cmd[1:], cwd / IN_PROJECT, env) if cmd[0] == IN_PROJECT else run_once(cmd, cwd, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k in cases}


def _install(command: str, env: dict[str, str]) -> tuple[str, list[str]]:
    """(label, command) of one toilint installation, its bytecode compiled first."""
    path = Path(command)
    python = path.with_name("python")
    found = subprocess.run(
        [str(python), "-c", "import toilint, toilint.syntax.driver as d; print(toilint.__file__); print(d.__file__)"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    if len(found) == 2:
        compileall.compile_dir(str(Path(found[0]).parent), quiet=2)
    compiled = len(found) == 2 and found[1].endswith(".so")
    label = f"{path.parent.parent.name}{', compiled' if compiled else ''}"
    return label, [command]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="a directory of .toi files")
    parser.add_argument("--lines", type=int, default=22_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per corpus measurement (median)")
    parser.add_argument("--small-runs", type=int, default=21, help="runs per start-up measurement (median)")
    parser.add_argument(
        "--toilint",
        action="append",
        default=[],
        metavar="PATH",
        help="a toilint console script (repeatable: compare installs, e.g. before/after or pure/compiled, "
        "in one run; default: the one beside this interpreter)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each start-up case's instructions with valgrind (callgrind): load-independent",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    sources = toi_sources(corpus) if corpus.is_dir() else []
    if not sources:
        print(f"no .toi files under {corpus}: pass --corpus DIR or set TOI_CORPUS", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode as an installed package has it
    env.pop("TOILINT_CACHE_DIR", None)  # each case says where its cache is
    scripts = args.toilint or [str(Path(sys.executable).with_name("toilint"))]
    installs = dict(_install(s, env) for s in scripts)
    has_luacheck = shutil.which("luacheck") is not None
    results: dict[str, Any] = {"cores": os.cpu_count(), "installs": list(installs)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "small.toi").write_text(SMALL_TOI)
        (root / "small.lua").write_text(SMALL_LUA)
        (root / IN_PROJECT).mkdir()
        (root / IN_PROJECT / "small.toi").write_text(SMALL_TOI)
        (root / IN_PROJECT / "toilint.toml").write_text(PROJECT_CONFIG)
        # the bare interpreter of the first install's environment: the same `site` work as toilint's
        # process (this script's own interpreter may sit in an editable install's environment)
        python = Path(scripts[0]).with_name("python")
        small: dict[str, list[str]] = {
            "python -c pass": [str(python if python.exists() else sys.executable), "-c", "pass"]
        }
        big: dict[str, list[str]] = {}
        toi_lines, toi_distinct = build_corpus(sources, args.lines, root / "toi", ".toi")
        files = len(list((root / "toi").iterdir()))
        for i, (label, toilint) in enumerate(installs.items()):
            check = [*toilint, "check", "--isolated", "--output-format", "concise"]
            cache = f"cache{i}"
            for target in ("small.toi", "toi"):  # warm the caches
                subprocess.run([*check, "--cache-dir", cache, target], cwd=root, env=env, stdout=subprocess.DEVNULL)
            subprocess.run([*toilint, "small.toi"], cwd=root / IN_PROJECT, env=env, stdout=subprocess.DEVNULL)
            small[f"toilint FILE --no-cache [{label}]"] = [*check, "--no-cache", "small.toi"]
            small[f"toilint FILE, cached [{label}]"] = [*check, "--cache-dir", cache, "small.toi"]
            small[f"toilint FILE in a configured project, cached [{label}]"] = [IN_PROJECT, *toilint, "small.toi"]
            big[f"toilint -j 1 --no-cache [{label}]"] = [*check, "-j", "1", "--no-cache", "toi"]
            big[f"toilint --no-cache [{label}]"] = [*check, "--no-cache", "toi"]
            big[f"toilint, warm cache [{label}]"] = [*check, "--cache-dir", cache, "toi"]
        lua_lines = 0
        if has_luacheck:
            small["luacheck FILE"] = ["luacheck", "--no-config", "--no-cache", "-q", "small.lua"]
            lua_lines, _ = build_corpus(lua_sources(), args.lines, root / "lua", ".lua")
            big["luacheck --no-cache"] = ["luacheck", "--no-config", "--no-cache", "-q", "lua"]
        results["start-up"] = {
            k: {"wall": w, "cpu": c} for k, (w, c) in measure(small, root, env, args.small_runs).items()
        }
        if args.instructions and shutil.which("valgrind"):
            for name, cmd in small.items():
                results["start-up"][name]["instructions"] = instructions(cmd, root, env)
        corpus_results: dict[str, dict[str, float]] = {}
        for name, (wall, cpu) in measure(big, root, env, args.runs).items():
            n = lua_lines if name.startswith("luacheck") else toi_lines
            corpus_results[name] = {"wall": wall, "cpu": cpu, "lines_per_s": n / wall, "lines_per_cpu_s": n / cpu}
        results["corpus"] = {
            "toi_files": files,
            "toi_lines": toi_lines,
            "toi_distinct_lines": toi_distinct,
            "lua_lines": lua_lines,
            "runs": corpus_results,
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"installs: {', '.join(installs)}; {results['cores']} cores")
    startup = results["start-up"]
    base = startup["python -c pass"]
    print(f"\nStart-up, one 8-line file, whole process (median of {args.small_runs}):\n")
    counted = all(t.get("instructions") for t in startup.values())
    extra = (" instructions |", " --- |") if counted else ("", "")
    print(f"| case | wall | CPU | x python -c pass (wall / CPU) |{extra[0]}\n| --- | --- | --- | --- |{extra[1]}")
    for name, t in startup.items():
        count = (
            f" {t['instructions'] / 1e6:.1f} M ({t['instructions'] / base['instructions']:.2f}x) |" if counted else ""
        )
        print(
            f"| {name} | {t['wall'] * 1000:.1f} ms | {t['cpu'] * 1000:.1f} ms "
            f"| {t['wall'] / base['wall']:.2f}x / {t['cpu'] / base['cpu']:.2f}x |{count}"
        )
    c = results["corpus"]
    print(
        f"\nCorpus: {c['toi_files']} Toi files, {c['toi_lines']:,} lines ({c['toi_distinct_lines']:,} distinct); "
        f"Lua: {c['lua_lines']:,} lines (median of {args.runs}):\n"
    )
    lua = c["runs"].get("luacheck --no-cache")
    print(
        "| case | wall | lines/s (wall) | CPU | lines/s (CPU) | x luacheck (wall / CPU) |\n"
        "| --- | --- | --- | --- | --- | --- |"
    )
    for name, t in c["runs"].items():
        if "warm" in name:
            print(f"| {name} | {t['wall']:.3f} s | — | {t['cpu']:.3f} s | — | — |")
            continue
        ratio = (
            f"{t['lines_per_s'] / lua['lines_per_s']:.2f}x / {t['lines_per_cpu_s'] / lua['lines_per_cpu_s']:.2f}x"
            if lua
            else "—"
        )
        print(
            f"| {name} | {t['wall']:.3f} s | {t['lines_per_s']:,.0f} | {t['cpu']:.3f} s "
            f"| {t['lines_per_cpu_s']:,.0f} | {ratio} |"
        )
    if not lua:
        print("luacheck: not installed (apt-get install lua-check) — no reference number")
    return 0


if __name__ == "__main__":
    sys.exit(main())
