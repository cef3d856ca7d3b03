"""The arguments of `toilint profile` (kept apart so that building the CLI parser stays cheap)."""

from __future__ import annotations

import argparse

from toilint.profile import DEFAULT_NAME

DEFAULT_TIMEOUT = 600.0
DEFAULT_TOP = 10
DEFAULT_VERIFY = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = "toilint profile PROGRAM.toi [options] [-- ARGS...]"
    parser.description = (
        "Run PROGRAM.toi as you would (its arguments after --, this directory, standard input), count how "
        "often the code of each performance finding runs, and rank the findings by what they cost the run."
    )
    parser.add_argument("program", help="the .toi program to run")
    parser.add_argument(
        "rest", nargs=argparse.REMAINDER, metavar="[options] [-- ARGS...]", help="the program's arguments go after --"
    )
    add_options(parser)


def split_rest(parser_args: argparse.Namespace) -> list[str]:
    """Parse the options written after PROGRAM into ``parser_args``; return the program's arguments.

    ``toilint profile prog.toi --verify -- -n 3``: what follows ``--`` belongs to the program.
    """
    rest = list(getattr(parser_args, "rest", None) or [])
    if "--" in rest:
        at = rest.index("--")
        options, program_args = rest[:at], rest[at + 1 :]
    else:
        options, program_args = rest, []
    if options:
        late = argparse.ArgumentParser(prog="toilint profile PROGRAM", add_help=False, exit_on_error=False)
        add_options(late)
        try:
            _, unknown = late.parse_known_args(options, namespace=parser_args)
        except argparse.ArgumentError as exc:
            raise ValueError(str(exc)) from exc
        if unknown:
            raise ValueError(f"unrecognized arguments: {' '.join(unknown)} (the program's own arguments go after --)")
    return program_args


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--toi", help="the interpreter (default: $TOI, then toi on PATH)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds one run may take (default 600)")
    parser.add_argument("--repeat", type=int, default=2, help="plain runs to time (default 2; the median is used)")
    parser.add_argument("--top", type=int, default=DEFAULT_TOP, help="findings to show (default 10)")
    parser.add_argument(
        "--verify", action="store_true", help="apply the fixes of the top findings to a copy and measure the saving"
    )
    parser.add_argument(
        "--verify-top", type=int, default=DEFAULT_VERIFY, help="how many findings --verify measures (default 3)"
    )
    parser.add_argument("--unsafe-fixes", action="store_true", help="let --verify apply unsafe fixes too")
    parser.add_argument(
        "-o",
        "--output",
        default=DEFAULT_NAME,
        help=f"where to write the profile data for `check --profile-data` and the editor (default {DEFAULT_NAME}; '-' for none)",
    )
