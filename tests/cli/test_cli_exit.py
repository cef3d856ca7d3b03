"""The console script ends its process without tearing the interpreter down (``entry.exit_now``):
everything it printed arrives, the exit code is the command's, and whatever else the process
still has to do at exit (exit functions, running threads) happens as always."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cli_helpers import write

NOISY = "".join(f"fn f{i}()\n    local unused{i} = {i}\n    return #{{}} > 0\nend\n" for i in range(400))


#: buffered standard streams, as a user's shell has them (a test runner may set it)
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def script(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=BUFFERED,
    )


def test_a_long_report_arrives_whole_with_the_commands_exit_code(tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": NOISY})

    def toilint(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "toilint", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=BUFFERED)

    result = toilint("check", "--no-cache", "--output-format", "json", "a.toi")
    assert result.returncode == 1
    assert len(json.loads(result.stdout)) >= 800  # more than a pipe's buffer: nothing lost at exit
    clean = toilint("check", "--no-cache", "--select", "E101", "a.toi")
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    usage = toilint("check", "--format", "nope", "a.toi")
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_buffered_output_is_flushed() -> None:
    done = script("""
        import sys
        from toilint.entry import exit_now
        print("out", end="")
        print("err", end="", file=sys.stderr)
        exit_now(3)
        """)
    assert (done.returncode, done.stdout, done.stderr) == (3, "out", "err")


def test_exit_functions_and_threads_get_the_usual_exit() -> None:
    done = script("""
        import atexit, threading, time
        from toilint.entry import exit_now
        atexit.register(print, "exit function ran")
        exit_now(4)
        """)
    assert (done.returncode, done.stdout) == (4, "exit function ran\n")
    done = script("""
        import threading, time
        from toilint.entry import exit_now
        threading.Thread(target=lambda: (time.sleep(0.2), print("thread finished"))).start()
        exit_now(5)
        """)
    assert (done.returncode, done.stdout) == (5, "thread finished\n")
