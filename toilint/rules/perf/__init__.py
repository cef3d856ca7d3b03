"""perf rules, one per module."""
