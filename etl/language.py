"""A text's language, from its letters: enough to choose a grammar (English news, the Air Force's
Ukrainian bulletins) or to report a language the project has none for."""

from __future__ import annotations

import regex

# A text's letters counted without one match per letter (a third of the cost of reading a page not
# about attacks was once here): its ASCII letters by deleting them from its ASCII bytes, in C; the
# Cyrillic block's characters (U+0400–U+04FF) by the high byte of their UTF-16 code, in C, less the
# block's few non-letters (a sign and combining marks, U+0482–U+0489); the few other characters
# gathered by runs and their letters counted by runs. (Counting a bulletin's letters by runs of
# `\p{L}` cost 78 µs; this, 29.)
ASCII_LETTER_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # the only letters below U+0080
CYRILLIC_HIGH_BYTE = 0x04
LETTERS = regex.compile(r"\p{L}+")
CYRILLIC_NON_LETTERS = "".join(c for c in map(chr, range(0x400, 0x500)) if not LETTERS.match(c))
# the non-ASCII characters other than the Cyrillic block's letters
OTHER_NON_ASCII = regex.compile(r"(?V1)[^\x00-\x7f[\u0400-\u04ff--[" + CYRILLIC_NON_LETTERS + "]]]+")


def letter_counts(sample: str) -> tuple[int, int, int]:
    """(ASCII letters, letters, Cyrillic letters) of a text."""
    ascii_bytes = sample.encode("ascii", "ignore")
    latin = len(ascii_bytes) - len(ascii_bytes.translate(None, ASCII_LETTER_BYTES))
    if len(ascii_bytes) == len(sample):
        return latin, latin, 0
    # (a lone surrogate is kept as its two bytes, whose high one is never the block's)
    block = sample.encode("utf-16-le", "surrogatepass")[1::2].count(CYRILLIC_HIGH_BYTE)
    other = "".join(OTHER_NON_ASCII.findall(sample))
    cyrillic = block - sum(map(other.count, CYRILLIC_NON_LETTERS))
    return latin, latin + cyrillic + sum(map(len, LETTERS.findall(other))), cyrillic


def language_of(text: str) -> str:
    """ "en", "uk", "ru", or "other": from the letters, enough to choose a grammar."""
    latin, letters, cyrillic = letter_counts(text[:5000])
    if not letters:
        return "other"
    # English: under 30 % Cyrillic and over half ASCII letters
    if cyrillic < 0.3 * letters:
        return "en" if latin > 0.5 * letters else "other"
    lower = text.lower()
    uk = sum(lower.count(c) for c in "іїєґ")
    ru = sum(lower.count(c) for c in "ыэъё")
    return "uk" if uk >= ru else "ru"
