"""The long differential run: generated programs on the real interpreter, before and after fixes.

    python benchmarks/diff_long.py --programs 5000 [--seed 0] [--out DIR] [--jobs 2]
        [--seconds N] [--markdown benchmarks/diff_results.md] [--no-minimize] [--minimize-per-rule K]

Generates programs (``tests/fuzz/diffgen.py``) from consecutive seeds until ``--programs`` of
them ran cleanly, and for each compares the interpreter's outcome before and after
``toilint --fix`` and ``--fix --unsafe-fixes`` (``tests/fuzz/differential.py``). Programs that
fail before any fix are discarded and counted. Every difference is saved under ``--out``
(both programs, both outputs, their diff, the codes of the fixes applied, and a minimal
reproduction fixed with one ``--select CODE``). Prints a summary per rule; ``--markdown``
also writes it as a results page. The interpreter is ``$TOI`` or ``toi`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import differential  # noqa: E402
from tests.fuzz.differential import Record, check, save  # noqa: E402
from tests.support.interpreter import toi_path  # noqa: E402

_TOI = ""


def _init(toi: str, minimize_per_rule: int | None) -> None:
    global _TOI
    _TOI = toi
    differential.MINIMIZE_PER_RULE = minimize_per_rule


def _check(args: tuple[int, bool]) -> Record:
    seed, minimize = args
    return check(seed, _TOI, minimize=minimize)


class Tally:
    def __init__(self) -> None:
        self.status: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()  # programs with a finding of the code
        self.safe: Counter[str] = Counter()  # programs where a safe fix of the code was applied
        self.unsafe: Counter[str] = Counter()  # programs where --unsafe-fixes applied the code
        self.changed_safe: Counter[str] = Counter()  # programs changed by the code's safe fix
        self.changed_unsafe: Counter[str] = Counter()
        self.combined: Counter[str] = Counter()  # differences no single rule reproduces
        self.fixer_errors = 0
        self.differences: list[tuple[int, str, list[str]]] = []
        #: (kind, rule, change) -> [count, first seed]
        self.changes: dict[tuple[str, str, str], list[int]] = {}

    def add(self, r: Record) -> None:
        self.status[r.status] += 1
        if r.status != "ran":
            return
        self.findings.update(r.findings.keys())
        self.safe.update(r.safe_applied.keys())
        self.unsafe.update(set(r.unsafe_applied) - set(r.safe_applied))
        self.fixer_errors += bool(r.fixer_errors)
        for d in r.differences:
            self.differences.append((r.seed, d.kind, d.codes))
            target = self.changed_safe if d.kind == "safe" else self.changed_unsafe
            target.update(d.codes)
            if not d.codes:
                self.combined[d.kind] += 1
            # the change is what the first culprit's fix alone does (each culprit alone reproduces it)
            key = (d.kind, d.codes[0] if d.codes else "(together)", d.change[:110])
            self.changes.setdefault(key, [0, r.seed])[0] += 1

    def markdown(self, seconds: float, toi: str, seed: int) -> str:
        ran = self.status["ran"]
        total = sum(self.status.values())
        lines = [
            f"- programs generated: {total} (seeds {seed}..{seed + total - 1})",
            f"- ran cleanly before any fix: {ran}; discarded (failed before the fix): "
            f"{self.status['fails-before']}; nondeterministic: {self.status['nondeterministic']}",
            f"- programs changed by safe fixes: {sum(1 for _, k, _ in self.differences if k == 'safe')}; "
            f"by unsafe fixes (beyond the safe ones): {sum(1 for _, k, _ in self.differences if k == 'unsafe')}",
            f"- programs where the fixer refused an edit: {self.fixer_errors}",
            f"- wall time {seconds:.0f} s ({seconds / max(total, 1):.3f} s per program), interpreter {toi}",
            "",
            "| rule | programs with findings | safe fix applied | changed by the safe fix "
            "| unsafe fix applied | changed by the unsafe fix |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        codes = sorted(set(self.findings) | set(self.safe) | set(self.unsafe))
        for code in codes:
            lines.append(
                f"| {code} | {self.findings[code]} | {self.safe[code]} | {self.changed_safe[code]} "
                f"| {self.unsafe[code]} | {self.changed_unsafe[code]} |"
            )
        if self.changes:
            lines += [
                "",
                "What changed, by rule (the first rule whose fix alone reproduces it; first seed of each;"
                " the saved directory is KIND-RULES-seedN-*):",
                "",
                "| kind | rule | change | programs | first seed |",
                "| --- | --- | --- | ---: | ---: |",
            ]
            for (kind, rule, change), (count, first) in sorted(
                self.changes.items(), key=lambda kv: (kv[0][0] != "safe", kv[0][1], -kv[1][0])
            ):
                cell = change.replace("|", "\\|")
                lines.append(f"| {kind} | {rule} | {cell} | {count} | {first} |")
        if self.combined:
            lines.append("")
            lines.append(f"Differences that no single rule's fix reproduces: {dict(self.combined)}")
        return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", type=int, default=5000, help="stop after this many programs ran cleanly")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--out", type=Path, default=Path("diff-out"), help="directory for the differences")
    ap.add_argument("--jobs", type=int, default=2, choices=(1, 2))
    ap.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no limit)")
    ap.add_argument("--markdown", type=Path, help="write the summary as a results page")
    ap.add_argument("--no-minimize", action="store_true", help="do not drop blocks from differences")
    ap.add_argument(
        "--minimize-per-rule",
        type=int,
        default=None,
        help="minimize at most this many differences of one kind and rule per process (default: all)",
    )
    args = ap.parse_args()
    toi = toi_path()
    if toi is None:
        print("no Toi interpreter: set $TOI or put `toi` on PATH", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    start = time.time()
    next_seed = args.seed
    batch = 100
    with (
        (args.out / "records.jsonl").open("w") as log,
        multiprocessing.Pool(args.jobs, _init, (toi, args.minimize_per_rule)) as pool,
    ):
        while tally.status["ran"] < args.programs:
            if args.seconds and time.time() - start > args.seconds:
                print("time limit reached", file=sys.stderr)
                break
            seeds = [(s, not args.no_minimize) for s in range(next_seed, next_seed + batch)]
            next_seed += batch
            for record in pool.imap_unordered(_check, seeds, chunksize=4):
                tally.add(record)
                log.write(
                    json.dumps(
                        {
                            "seed": record.seed,
                            "status": record.status,
                            "fixer_errors": record.fixer_errors,
                            "diffs": [
                                {"kind": d.kind, "codes": d.codes, "change": d.change} for d in record.differences
                            ],
                        }
                    )
                    + "\n"
                )
                if record.differences:
                    save(record, args.out, toi)
            log.flush()
            print(
                f"{time.time() - start:7.0f}s generated {sum(tally.status.values())} ran {tally.status['ran']} "
                f"differences {len(tally.differences)}",
                file=sys.stderr,
                flush=True,
            )
    report = tally.markdown(time.time() - start, toi, args.seed)
    print(report)
    if args.markdown:
        args.markdown.write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
