"""Bounded time per document, at two levels.

Every pattern of the extractor is compiled through `compile()`. A pattern that can backtrack
without bound checks the current document's deadline at each call and hands the `regex` module's
`timeout` (the time left) to the C code, which stops it running away there. The others are called
as they are: the module reads the process clock twice per timed call (two system calls, five times
the cost of a short search), and a pattern with no repeated group that can match one text in
several ways cannot run away (`may_backtrack`); the deadline is checked once per sentence and
per bulletin unit instead. `watchdog()` bounds everything else done for a
document (reading, HTML parsing, the Python between the patterns, dates): a real-time alarm that
interrupts whatever code is running when it fires, a pattern's match included. Where it can be
armed (a process's main thread) the pipeline relies on it alone and drops the deadline. A document
that runs out of time raises `TimeoutError` (the watchdog's `Overrun` is one), and the pipeline
reports it as bad input.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
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

    def timeout(self) -> float | None:
        """The time left, handed to the C code (raises once it has run out)."""
        return remaining()

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.pattern.search(string, pos, endpos, timeout=self.timeout())

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.pattern.match(string, pos, endpos, timeout=self.timeout())

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        return self.pattern.finditer(string, pos, endpos, timeout=self.timeout())

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.pattern.sub(repl, string, count, timeout=self.timeout())


# Version 1 of `regex` folds case fully under IGNORECASE ("ß" matches "ss", "ﬁ" matches "fi"),
# which makes every long alternation of words several times slower (the number pattern 4×, the
# article pattern 9×). The vocabulary has no letter whose full folding differs from its simple
# one (tests/etl/test_vocabulary.py checks), so simple folding finds the same matches.
SIMPLE_CASE = "(?-f)"


class Linear(Guarded):
    """A pattern that cannot backtrack without bound, called with no deadline check of its own: its
    calls are the `regex` module's own (a wrapper and a clock read cost twice a short search, and
    they were 270,000 calls per 2,000 reports). The deadline is still checked once per sentence or
    bulletin unit, where the extractor's loops call a timed pattern or `remaining()`, and the
    watchdog interrupts the Python in between."""

    __slots__ = ("finditer", "match", "search", "sub")

    def __init__(self, pattern: regex.Pattern[str]) -> None:
        super().__init__(pattern)
        # the slots shadow the class's methods; setattr because a type checker rejects assigning
        # to a method even through a slot
        for name in Linear.__slots__:
            setattr(self, name, getattr(pattern, name))


PLAIN_WORDS = 24


class Folded:
    """Lower-case words looked for in a case-folded copy of a text by the standard library's `re`,
    which skips ahead to the words' first letters where `regex` under IGNORECASE tries every word
    at every position (the weapon-word prefilter 3.5× faster): whether they occur, as `regex`
    under IGNORECASE would answer. A text `re` might read otherwise (`_folded`) is left to `regex`.
    Plain words ("oblast|region|province", asked twice a sentence) are looked for with `in`, a
    substring search in C: three words 0.5 µs against `re`'s 2.1 over a sentence."""

    __slots__ = ("exact", "pattern", "words")

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.casefold() or may_backtrack(pattern):
            raise ValueError(f"not lower-case words without backtracking: {pattern[:60]!r}")
        self.pattern = re.compile(pattern)
        self.exact = regex.compile(pattern, regex.I)
        words = pattern.split("|")
        # (`in` per word stays faster than one `re` scan up to 25 words over a sentence: 2.8 vs 4.5 µs)
        plain = len(words) <= PLAIN_WORDS and all(word and re.escape(word) == word for word in words)
        self.words = tuple(words) if plain else None

    def found_in(self, text: str) -> bool:
        remaining()
        folded = _folded(text)
        if folded is None:
            return self.exact.search(text) is not None
        if self.words is not None:
            return any(word in folded for word in self.words)
        return self.pattern.search(folded) is not None


# Where `re` and `regex` are sure to read a text alike: characters of the scripts and symbols news
# and bulletins are written in, less those the two modules class differently (`\w`: combining
# marks, "²", "½"; `\s`: the C0 separators) or whose folding is longer than one character ("ß").
_COMMON = [(0x09, 0x0D), (0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x2000, 0x214F)]
_COMMON += [(0x2190, 0x27BF), (0x1F000, 0x1FAFF)]


@cache
def _alike() -> re.Pattern[str]:
    candidates = "".join(chr(c) for low, high in _COMMON for c in range(low, high + 1))
    differ = set()
    for cls in (r"\w", r"\s", r"\d"):
        for flags in (regex.V0, regex.V1):
            differ |= set(re.findall(cls, candidates)) ^ set(regex.findall(cls, candidates, flags))
    kept = [c for c in candidates if c not in differ and len(c.casefold()) == 1]
    return re.compile("[" + "".join(re.escape(c) for c in kept) + "]*")


@lru_cache(maxsize=4)  # a sentence is read by several patterns
def _folded(text: str) -> str | None:
    """The case-folded text, if `re` can read it for `regex` (same length, common characters)."""
    folded = text.casefold()
    return folded if len(folded) == len(text) and _alike().fullmatch(text) else None


class Prescanned(Linear):
    """A linear case-insensitive pattern whose matches are found by the standard library's `re` in
    the case-folded text (no IGNORECASE there, so `re` skips ahead to the words' first letters:
    the number patterns 2× faster) and read by `regex` where each starts, so that callers get the
    same match objects. Folding keeps every position when it keeps the text's length (no letter
    became two); a text with a character outside the common ones (`_alike`) is scanned by `regex`
    alone; where the two disagree on a match `regex` takes over from the last match they agreed
    on. tests/etl/test_vocabulary.py checks both find the same over every text."""

    __slots__ = ("folded",)

    def __init__(self, pattern: regex.Pattern[str], source: str, flags: int) -> None:
        super().__init__(pattern)
        bare = source.replace("(?P<", "(?:<")
        if not flags & regex.I or bare != bare.casefold() or may_backtrack(source, bool(flags & regex.X)):
            raise ValueError(f"not lower-case words under IGNORECASE without backtracking: {source[:60]!r}")
        self.folded = re.compile(source, re.X if flags & regex.X else 0)
        # the slots of the search methods now hold this class's own (setattr: see Linear)
        for name in ("finditer", "search"):
            setattr(self, name, getattr(self, f"_{name}"))

    def _finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        folded = _folded(string)
        end = len(string) if endpos is None else endpos
        if folded is None:
            yield from self.pattern.finditer(string, pos, end)
            return
        last = pos
        for candidate in self.folded.finditer(folded, pos, end):
            found = self.pattern.match(string, candidate.start(), end)
            if found is None or found.end() != candidate.end():
                yield from self.pattern.finditer(string, last, end)
                return
            yield found
            last = found.end()

    def _search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return next(self._finditer(string, pos, endpos), None)


class Gated(Guarded):
    """A pattern every match of which holds one of a few literal words (`needs`, lower-case): it is
    run only over a text that holds one (`Folded`, a fast look in the folded text), so that most
    texts, which hold none, are not scanned by it at all. The words are looked for in the whole
    string, which holds whatever a match between `pos` and `endpos` holds: the answers are the
    pattern's own (tests/etl/test_vocabulary.py checks them over every text)."""

    __slots__ = ("inner", "needs")

    def __init__(self, inner: Guarded, needs: str) -> None:
        super().__init__(inner.pattern)
        missing = [word for word in needs.split("|") if word not in inner.pattern.pattern.casefold()]
        if missing:
            raise ValueError(f"the pattern does not hold {missing}: {inner.pattern.pattern[:60]!r}")
        self.inner, self.needs = inner, Folded(needs)

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.inner.search(string, pos, endpos) if self.needs.found_in(string) else None

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self.inner.match(string, pos, endpos) if self.needs.found_in(string) else None

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        return self.inner.finditer(string, pos, endpos) if self.needs.found_in(string) else iter(())


def compile(pattern: str, flags: int = 0, prescan: bool = False, needs: str | None = None) -> Guarded:
    """`pattern` compiled for the extractor: timed if it may backtrack, else called as it is, or
    `prescan`ned by the standard library in the folded text (`Prescanned`), or run only over a
    text holding one of the words it `needs` (`Gated`)."""
    source = pattern
    if flags & regex.V1 and flags & regex.I:
        pattern = SIMPLE_CASE + pattern
    compiled = regex.compile(pattern, flags)
    if prescan:
        return Prescanned(compiled, source, flags)
    inner = Guarded(compiled) if may_backtrack(pattern, verbose=bool(flags & regex.X)) else Linear(compiled)
    return Gated(inner, needs) if needs else inner


# A quantifier: *, +, ?, {m}, {m,}, {m,n}, {,n}, then an optional lazy or possessive mark.
QUANTIFIER = regex.compile(r"(?:[*+?]|\{(?P<low>\d*)(?P<comma>,?)(?P<high>\d*)\})[?+]?")
ESCAPE = regex.compile(r"\\(?:[pPN]\{[^}]*\}|[pP]\w|.)", regex.S)
CHARACTER_SET = regex.compile(r"\[\^?\]?(?:\\.|\[[^\]]*\]|[^\]\\])*\]", regex.S)
SKIPPED = {"\\": ESCAPE, "[": CHARACTER_SET}


def _repeats(match: regex.Match[str]) -> tuple[bool, bool]:
    """(whether a quantifier can repeat more than once, whether its count varies)."""
    token = match.group()
    if token[0] in "*+":
        return True, True
    if token[0] == "?":
        return False, True
    if not match.group("low") and not match.group("high"):
        return False, False  # "{}" or "{,}": literal braces
    low = int(match.group("low") or 0)
    high = None if match.group("comma") and not match.group("high") else int(match.group("high") or low)
    return high is None or high > 1, high != low


def may_backtrack(pattern: str, verbose: bool = False) -> bool:
    """Whether a pattern can take time exponential in its input: it has a repeated group that holds
    a variable quantifier or an alternation ("(a+)+", "(?:\\w+\\s+){0,5}", "(?:a|ab)*"), the
    shape catastrophic backtracking needs (a conservative reading: an alternation of words under a
    repeat counts). Without one a call's work is bounded by a power of the input's length."""
    frames = [[False, False]]  # per open group: holds a variable quantifier, holds an alternation
    i = 0
    while i < len(pattern):
        char = pattern[i]
        closed = None
        if verbose and char.isspace():
            i += 1
            continue
        if verbose and char == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end
            continue
        if char == "(":
            frames.append([False, False])
            i += 1
            continue
        if char == "|":
            frames[-1][1] = True
            i += 1
            continue
        literal = SKIPPED.get(char)  # an escape or a set: one atom, whatever it holds
        if literal and (found := literal.match(pattern, i)):
            i = found.end()
        elif char == ")" and len(frames) > 1:
            closed = frames.pop()
            i += 1
        else:
            i += 1
        # a verbose pattern may put white space between an atom and its quantifier
        after = i
        while verbose and after < len(pattern) and pattern[after].isspace():
            after += 1
        quantifier = QUANTIFIER.match(pattern, after) if not (closed is None and char in "*+?{") else None
        if quantifier:
            repeats, varies = _repeats(quantifier)
            if closed is not None and repeats and any(closed):
                return True
            frames[-1][0] |= varies
            i = quantifier.end()
        if closed is not None:
            frames[-1][0] |= closed[0]
            frames[-1][1] |= closed[1]
    return False


# What a bug or a pathological input raises inside one document's work: caught at its fault
# boundary, so that it becomes that document's problem and the run goes on (memory and interrupts
# are not caught: they are the run's).
FAULTS = (ValueError, ArithmeticError, RecursionError, LookupError, TypeError)


class Overrun(TimeoutError):
    """A document's whole work ran past its budget."""


@contextmanager
def watchdog(seconds: float | None, what: str = "time limit") -> Iterator[bool]:
    """Raise `Overrun` in the code running inside once `seconds` of real time have passed, and tell
    whether it is armed. Only a process's main thread can take a signal (a worker process's
    included); elsewhere (Dask runs tasks in threads), or under an alarm the caller set, nothing is
    armed and the regex deadline alone bounds a document. Armed, it bounds the patterns too: both
    `regex` and `re` take pending signals in the middle of a match."""
    armed = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not armed or seconds is None:
        yield False
        return

    def alarm(signum: int, frame: object) -> None:
        raise Overrun(f"{what} ({seconds:.1f} s) reached")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
