"""Numbers as news reports write them: "563", "6,900", "twenty-six", "Fifty-two", "a hundred",
"a dozen", "both", with the qualifier before them ("nearly", "more than", "about")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from etl import guard
from etl.vocabulary import load


@cache
def vocabulary() -> dict:
    return load("numbers.yaml")


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def qualifier_table() -> dict[str, str]:
    table = {}
    for kind, words in vocabulary()["qualifiers"].items():
        for word in words:
            table[" ".join(word.lower().split())] = kind
    return table


@cache
def number_pattern() -> guard.Guarded:
    vocab = vocabulary()
    units = _alternation(list(vocab["units"]))
    tens = _alternation(list(vocab["tens"]))
    scales = _alternation(list(vocab["scales"]))
    phrases = _alternation(list(vocab["phrases"]))
    qualifiers = _alternation(list(qualifier_table()))
    # Digits are not read when glued to letters, hyphens or slashes: "Kh-101", "Shahed-136/131",
    # "Tu-95", "10-year-old", "12:02", "79%" are names, ages, times and rates, not counts.
    # A match starts at a word's start or at "~" ("~50"): a `\b` first lets the `regex` module skip
    # ahead quickly (1.4× faster), and a qualifier is no longer read from inside a word.
    pattern = rf"""
        (?:\b|(?=~))
        (?:(?P<qualifier>{qualifiers})\s+)?
        (?P<number>
            (?<![\w\-/.,:‐‑–])
            (?P<digits>\d{{1,3}}(?:[,\u202f\u00a0]\d{{3}})+|\d+)
            (?P<plus>[-‐‑]plus|\+)?  # "300-plus drones", "100+ drones": more than, written after
            (?![\w\-/%:‐‑]|[.,]\d)
          | (?<![\w\-])
            (?P<words>
                (?:{phrases})
              | (?:a|one|two|three|four|five|six|seven|eight|nine)\s+(?:{scales})
                (?:\s+(?:and\s+)?(?:(?:{tens})(?:[-‐‑\s](?:{units}))?|(?:{units}))(?![\w\-]))?
              | (?:{tens})(?:[-‐‑\s](?:{units}))?
              | (?:{units})
            )
            (?![\w\-])
        )
    """
    return guard.compile(pattern, regex.I | regex.X | regex.V1, prescan=True)


MAX_DIGITS = 7
NOT_A_DIGIT = regex.compile(r"\D")
WORD_BREAK = regex.compile(r"[\s\-‐‑]+")


@dataclass(frozen=True)
class Number:
    value: int
    qualifier: str | None  # approximate | lower_bound | upper_bound
    qualifier_text: str | None
    raw: str
    start: int
    end: int
    number_start: int
    is_digits: bool


def parse(match: regex.Match[str]) -> Number | None:
    digits = match.group("digits")
    if digits and len(NOT_A_DIGIT.sub("", digits)) > MAX_DIGITS:
        return None  # "99999999999999999999 drones" is not a count of anything
    value = int(NOT_A_DIGIT.sub("", digits)) if digits else words_to_int(match.group("words"))
    if value is None:
        return None
    qualifier_text = match.group("qualifier")
    qualifier = qualifier_table()[" ".join(qualifier_text.lower().split())] if qualifier_text else None
    if qualifier is None and digits and match.group("plus"):
        qualifier, qualifier_text = "lower_bound", match.group("plus")
    return Number(
        value=value,
        qualifier=qualifier,
        qualifier_text=qualifier_text,
        raw=match.group(),
        start=match.start(),
        end=match.end(),
        number_start=match.start("number"),
        is_digits=bool(digits),
    )


def words_to_int(text: str) -> int | None:
    vocab = vocabulary()
    words = WORD_BREAK.split(text.lower().strip())
    phrase = " ".join(words)
    if phrase in vocab["phrases"]:
        return int(vocab["phrases"][phrase])
    total, current = 0, 0
    for word in words:
        if word in ("and",):
            continue
        if word in ("a", "one") and current == 0:
            current = 1
        elif word in vocab["units"]:
            current += vocab["units"][word]
        elif word in vocab["tens"]:
            current += vocab["tens"][word]
        elif word in vocab["scales"]:
            current = max(current, 1) * vocab["scales"][word]
            if vocab["scales"][word] >= 1000:
                total, current = total + current, 0
        elif word in vocab["phrases"]:
            current += vocab["phrases"][word]
        else:
            return None
    return total + current
