"""Bounded regex time per document.

Every pattern of the extractor is compiled through `compile()`, which returns a pattern that hands
the `regex` module's `timeout` to each call: the time left before the current document's deadline.
A document that runs out of time raises `TimeoutError`, and the pipeline reports it as bad input.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import regex

_deadline: ContextVar[float | None] = ContextVar("regex_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regex time limit reached")
    return left


class Guarded:
    """A compiled pattern whose calls are bounded by the current deadline."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: regex.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.pattern.search(string, pos, endpos, timeout=remaining())

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.pattern.match(string, pos, endpos, timeout=remaining())

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        return self.pattern.finditer(string, pos, endpos, timeout=remaining())

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.pattern.sub(repl, string, count, timeout=remaining())


def compile(pattern: str, flags: int = 0) -> Guarded:
    return Guarded(regex.compile(pattern, flags))
