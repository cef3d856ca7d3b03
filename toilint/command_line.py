"""Reading a plain ``[check] PATH... [OPTIONS]`` command line without argparse.

The one loop that the warm-cache entry point (``toilint.entry``) and the CLI's fast reader
(``toilint.cli.argv``) share. It imports nothing: both run before anything else is loaded.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's import is start-up time
if TYPE_CHECKING:
    from collections.abc import Mapping


def split_words(words: list[str], takes_value: Mapping[str, bool]) -> tuple[list[tuple[str, str]], list[str]] | None:
    """The options of ``words`` in order (name, value; "" for a flag) and its paths, or None where
    argparse might read the words otherwise: an option not in ``takes_value`` (or abbreviated),
    ``=`` after a flag, a missing value or one that starts with ``-``, an empty word, ``-``
    (stdin), paths in more than one run (argparse takes them as one run of words)."""
    options: list[tuple[str, str]] = []
    paths: list[str] = []
    runs = 0
    previous_was_path = False
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word.startswith("-") or word == "-":
            if word == "-" or not word:
                return None
            if not previous_was_path:
                runs += 1
            paths.append(word)
            previous_was_path = True
            continue
        previous_was_path = False
        name, eq, value = word.partition("=")
        wants = takes_value.get(name)
        if wants is None or (eq and not wants):
            return None
        if wants:
            if not eq:
                if i == len(words):
                    return None
                value = words[i]
                i += 1
            if not value or value.startswith("-"):
                return None
        options.append((name, value))
    if runs > 1:
        return None
    return options, paths
