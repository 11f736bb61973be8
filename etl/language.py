"""A text's language, from its letters: enough to choose a grammar (English news, the Air Force's
Ukrainian bulletins) or to report a language the project has none for."""

from __future__ import annotations

import regex

# A text's letters counted without one match per letter (a third of the cost of reading a page not
# about attacks was once here): its ASCII letters by deleting them from its ASCII bytes, in C; the
# few other characters of an English page gathered by runs and their letters counted by runs.
ASCII_LETTER_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # the only letters below U+0080
NON_ASCII = regex.compile(r"[^\x00-\x7f]+")
LETTERS = regex.compile(r"\p{L}+")
CYRILLIC_LETTERS = regex.compile(r"(?V1)[\p{L}&&[\u0400-\u04ff]]+")


def _letters(runs: regex.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def language_of(text: str) -> str:
    """ "en", "uk", "ru", or "other": from the letters, enough to choose a grammar."""
    sample = text[:5000]
    ascii_bytes = sample.encode("ascii", "ignore")
    latin = len(ascii_bytes) - len(ascii_bytes.translate(None, ASCII_LETTER_BYTES))
    rest = "".join(NON_ASCII.findall(sample)) if len(ascii_bytes) < len(sample) else ""
    letters = latin + _letters(LETTERS, rest)
    if not letters:
        return "other"
    # English: under 30 % Cyrillic and over half ASCII letters
    if _letters(CYRILLIC_LETTERS, rest) < 0.3 * letters:
        return "en" if latin > 0.5 * letters else "other"
    lower = text.lower()
    uk = sum(lower.count(c) for c in "іїєґ")
    ru = sum(lower.count(c) for c in "ыэъё")
    return "uk" if uk >= ru else "ru"
