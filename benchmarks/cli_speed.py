"""Whole-process linting speed of the `toilint` command, next to luacheck's in the same run.

    python benchmarks/cli_speed.py [--corpus DIR] [--lines 22000] [--runs 3] [--json]

Measures, on a ~22,000-line Toi corpus copied into a temporary directory:

* cold: `toilint --no-cache` as a user runs it (interpreter start-up, imports, grammar load,
  discovery, parsing, every rule, output), in lines per second;
* warm: re-linting the unchanged tree with a warm cache, in seconds;
* luacheck over a ~22,000-line Lua corpus, in lines per second, when `luacheck` is installed
  (Debian's lua-check package) — the reference toilint's cold throughput must reach.

The Toi corpus is Toi's own programs and is never committed: point --corpus (or $TOI_CORPUS)
at a directory of .toi files, e.g. the one tests/rules/errors/corpus_parity.py reads. Files the
compiler rejects are skipped when the directory has that corpus's manifest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = os.environ.get("TOI_CORPUS", "/work/toi-corpus")
LUA_DIRS = ("/usr/share/nvim/runtime/lua", "/usr/share/lua", "/usr/share/luajit-2.1.0-beta3", "/usr/share")


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


def build_corpus(sources: list[Path], target: int, dest: Path, suffix: str) -> int:
    """Copy files until ``target`` lines are reached; returns the line count."""
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for i, src in enumerate(sources):
        if total >= target:
            break
        n = _lines(src)
        if n == 0:
            continue
        shutil.copyfile(src, dest / f"{i:04}_{src.stem}{suffix}")
        total += n
    return total


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system, child processes included) of ``runs`` runs.

    Wall time is what a user waits; CPU time stays comparable when the machine is busy with
    other work (then compare toilint's and luacheck's CPU numbers from the same run).
    """
    best = best_cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return best, best_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="a directory of .toi files")
    parser.add_argument("--lines", type=int, default=22_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default=None, help="passed to toilint -j (default: toilint's own)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    sources = toi_sources(corpus) if corpus.is_dir() else []
    if not sources:
        print(f"no .toi files under {corpus}: pass --corpus DIR or set TOI_CORPUS", file=sys.stderr)
        return 2
    # the interpreter itself, not a version manager's shim script in front of it (pyenv's costs ~0.2 s)
    toilint = [sys.executable, "-m", "toilint"]
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        toi_lines = build_corpus(sources, args.lines, root / "toi", ".toi")
        files = len(list((root / "toi").iterdir()))
        jobs = ["-j", args.jobs] if args.jobs else []
        cmd = [*toilint, "check", "--isolated", "--output-format", "concise", *jobs, "toi"]
        cold, cold_cpu = timed([*cmd, "--no-cache"], root, args.runs)
        subprocess.run([*cmd, "--cache-dir", "cache"], cwd=root, stdout=subprocess.DEVNULL, check=False)
        warm, _ = timed([*cmd, "--cache-dir", "cache"], root, args.runs)
        version = subprocess.run([*toilint, "--version"], capture_output=True, text=True).stdout.strip()
        results["toilint"] = {
            "version": version,
            "files": files,
            "lines": toi_lines,
            "cold_seconds": round(cold, 3),
            "cold_lines_per_second": round(toi_lines / cold),
            "cold_cpu_seconds": round(cold_cpu, 3),
            "cold_lines_per_cpu_second": round(toi_lines / cold_cpu),
            "warm_cache_seconds": round(warm, 3),
            "cores": os.cpu_count(),
        }
        if shutil.which("luacheck"):
            lua_lines = build_corpus(lua_sources(), args.lines, root / "lua", ".lua")
            lua_time, lua_cpu = timed(["luacheck", "--no-config", "--no-cache", "-q", "lua"], root, args.runs)
            results["luacheck"] = {
                "lines": lua_lines,
                "seconds": round(lua_time, 3),
                "lines_per_second": round(lua_lines / lua_time),
                "cpu_seconds": round(lua_cpu, 3),
                "lines_per_cpu_second": round(lua_lines / lua_cpu),
            }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    t = results["toilint"]
    assert isinstance(t, dict)
    print(f"{t['version']}: {t['files']} files, {t['lines']} lines, {t['cores']} cores")
    print(f"  cold, whole process (--no-cache): {t['cold_seconds']:.3f} s = {t['cold_lines_per_second']:,} lines/s")
    print(
        f"  cold, CPU time (all processes):   {t['cold_cpu_seconds']:.3f} s = {t['cold_lines_per_cpu_second']:,} lines/s"
    )
    print(f"  warm cache re-lint:               {t['warm_cache_seconds']:.3f} s")
    lua = results.get("luacheck")
    if isinstance(lua, dict):
        print(f"luacheck: {lua['lines']} lines in {lua['seconds']:.3f} s = {lua['lines_per_second']:,} lines/s")
        print(f"  CPU time: {lua['cpu_seconds']:.3f} s = {lua['lines_per_cpu_second']:,} lines/s")
    else:
        print("luacheck: not installed (apt-get install lua-check) — no reference number")
    return 0


if __name__ == "__main__":
    sys.exit(main())
