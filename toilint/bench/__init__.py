"""`toilint bench`: the evidence behind every performance rule, measured on the real interpreter.

Three modules, imported separately so that readers of the evidence never load the machinery
that produces it:

- :mod:`toilint.bench.runner` times programs on the interpreter (cases, a user's file) and
  returns measurements; it neither prints tables nor writes files other than a case's
  generated ``after.toi``.
- :mod:`toilint.bench.results` is the store: ``benchmarks/results.json``, its schema, and the
  readers `toilint explain` and editor hover use.
- :mod:`toilint.bench.command` is the `toilint bench` command: arguments, progress, the
  table, and recording the runner's measurements in the store.

This package module imports none of them.
"""
