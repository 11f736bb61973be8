"""Bounded time per document, at two levels.

Every pattern of the extractor is compiled through `compile()`, which returns a pattern that hands
the `regex` module's `timeout` to each call: the time left before the current document's deadline.
That stops a runaway pattern inside its C code. `watchdog()` bounds everything else done for a
document (reading, HTML parsing, the Python between the patterns, dates): a real-time alarm that
interrupts whatever Python code is running when it fires. A document that runs out of time raises
`TimeoutError` (the watchdog's `Overrun` is one), and the pipeline reports it as bad input.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import regex

# Patterns whose matches begin with a letter or digit start with this: the `regex` module skips to
# a `\b` far faster than it tries a lookbehind at every character (the article pattern 2.5× faster,
# the cue lists 1.3×), and before a letter or digit the lookbehind implies the `\b` anyway.
WORD_START = r"\b(?<![\w\-])"

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


# Version 1 of `regex` folds case fully under IGNORECASE ("ß" matches "ss", "ﬁ" matches "fi"),
# which makes every long alternation of words several times slower (the number pattern 4×, the
# article pattern 9×). The vocabulary has no letter whose full folding differs from its simple
# one (tests/etl/test_vocabulary.py checks), so simple folding finds the same matches.
SIMPLE_CASE = "(?-f)"


def compile(pattern: str, flags: int = 0) -> Guarded:
    if flags & regex.V1 and flags & regex.I:
        pattern = SIMPLE_CASE + pattern
    return Guarded(regex.compile(pattern, flags))


class Overrun(TimeoutError):
    """A document's whole work ran past its budget."""


@contextmanager
def watchdog(seconds: float | None, what: str = "time limit") -> Iterator[None]:
    """Raise `Overrun` in the code running inside once `seconds` of real time have passed. Only a
    process's main thread can take a signal (a worker process's included); elsewhere (Dask runs
    tasks in threads), or under an alarm the caller set, nothing is armed and the regex deadline
    alone bounds a document."""
    armed = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not armed or seconds is None:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Overrun(f"{what} ({seconds:.1f} s) reached")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
