"""warnings rules, one per module."""
