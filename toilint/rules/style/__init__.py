"""style rules, one per module."""
