"""A plain check's command line read without argparse means what the parser makes of it."""

from __future__ import annotations

import random

import pytest

from toilint.cli.argv import OPTIONS, check_defaults, plain_check
from toilint.cli.parser import build_parser

#: values to try for each kind of option: some the fast reader takes, some it must leave alone
VALUES = {
    "text": ["dir", ".cache", "a b", "-x", "", "=", "--"],
    "int": ["1", "0", "4", "01", "-1", "x", " 2", "+3", "²", ""],
    "codes": ["E", "e201,w2", "PERF, STY", ",", "ALL", "", "-E"],
    "format": ["concise", "json", "text", "full", "nope", "", "CONCISE"],
}
PATHS = ["a.toi", "dir", ".", "check", "rules", "x=y.toi", "-", "", "--", "-a.toi"]
OTHER = ["--watch", "-v", "--verbose", "--help", "-h", "--diff", "--no-c", "--sel", "-qv", "--config", "--version"]


def parsed(line: list[str]) -> dict[str, object] | None:
    try:
        return vars(build_parser().parse_args(line))
    except SystemExit:
        return None


def compare(line: list[str], capsys: pytest.CaptureFixture[str]) -> bool:
    """Same namespace as the parser's when the fast reader answers; True when it answered."""
    fast = plain_check(line)
    if fast is None:
        return False
    assert vars(fast) == parsed(line), line
    capsys.readouterr()
    return True


def test_defaults_are_the_parsers() -> None:
    assert check_defaults() == parsed(["check"])


@pytest.mark.parametrize(
    "line",
    [
        ["check", "a.toi"],
        ["check", "--isolated", "--output-format", "concise", "-j", "1", "--no-cache", "dir"],
        ["check", "a.toi", "b.toi", "--select", "E2,w", "--ignore=E201", "--fix", "--no-cache"],
        ["check", "--no-fix", "--unsafe-fixes", "--no-unsafe-fixes", "-q", "--exit-zero", "."],
        ["check", "-j=2", "--jobs", "3", "--format=json", "--cache-dir", "c", "--statistics", "x"],
        ["check"],
    ],
)
def test_common_lines_are_read_without_the_parser(line: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert compare(line, capsys)


@pytest.mark.parametrize(
    "line",
    [
        ["check", "a.toi", "--no-cache", "b.toi"],  # two runs of paths: argparse refuses the second
        ["check", "-"],
        ["check", "--watch", "a.toi"],
        ["check", "--no-c", "a.toi"],  # an abbreviation
        ["check", "--quiet=yes", "a.toi"],
        ["check", "--format", "nope", "a.toi"],
        ["check", "-j", "x", "a.toi"],
        ["check", "--select"],
        ["rules"],
        ["check", "--help"],
    ],
)
def test_other_lines_go_to_the_parser(line: list[str]) -> None:
    assert plain_check(line) is None


def test_random_lines(capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(7)
    names = list(OPTIONS)
    answered = 0
    for _ in range(1500):
        line = ["check"]
        for _ in range(rng.randrange(6)):
            roll = rng.random()
            if roll < 0.35:
                line += rng.sample(PATHS, rng.randrange(1, 3))
            elif roll < 0.45:
                line.append(rng.choice(OTHER))
            else:
                name = rng.choice(names)
                kind = OPTIONS[name][1]
                if kind in ("on", "off"):
                    line.append(name if rng.random() < 0.9 else name + "=1")
                elif rng.random() < 0.3:
                    line.append(f"{name}={rng.choice(VALUES[kind])}")
                else:
                    line += [name, rng.choice(VALUES[kind])][: 2 if rng.random() < 0.95 else 1]
        answered += compare(line, capsys)
    assert answered > 300  # the fast reader is exercised, not only declining
