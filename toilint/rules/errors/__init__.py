"""errors rules, one per module."""
