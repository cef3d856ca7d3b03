"""`toilint profile`: which performance findings cost a program time, measured on its own run.

- :mod:`toilint.profile.instrument` rewrites a copy of the source to count loop iterations,
  function calls and the runs of the statements that hold findings (text inserted on existing
  lines only, so run-time errors name the same lines);
- :mod:`toilint.profile.run` runs a program as the user runs it (arguments, working
  directory, standard input, timeout, progress);
- :mod:`toilint.profile.profiler` compares the instrumented run with the plain one and turns
  counts into per-finding estimates;
- :mod:`toilint.profile.costs` derives each rule's cost per occurrence from its benchmark;
- :mod:`toilint.profile.data` is the profile data file that `check --profile-data` and the
  language server read (it imports nothing else of this package).
"""

from __future__ import annotations

#: the profile data file `toilint profile` writes and `check --profile-data` reads (here, not in
#: data.py: the CLI's parser names it in a help text, and data.py imports attrs)
DEFAULT_NAME = "toilint-profile.json"
