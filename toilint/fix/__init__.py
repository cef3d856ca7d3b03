"""Fixes: the helpers rules build their edits with (``fixes``) and the fixer that applies them to a
fixed point (``fixer``), refusing any pass that breaks the file."""
