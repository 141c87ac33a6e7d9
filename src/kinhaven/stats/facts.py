"""Keeping the case facts and the cells up to date."""

from __future__ import annotations


def register_hooks() -> None:
    """Have every event on a case's timeline refresh the case's facts after the commit."""
