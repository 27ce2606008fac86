"""Finish the laid-out PDF: an ordered chain of named, pure `bytes -> bytes` steps."""
