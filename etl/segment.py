"""Page → article segments → sentences, each with its character span in the document.

Scraped pages often carry other articles after the main one ("Related Articles", "Most Popular",
"Read more" blocks). Each of those items becomes its own segment, and only the main article keeps
the page's publication date: a related item's "overnight" is not the page's night.
"""

from __future__ import annotations

import regex

from etl import guard
from etl.records import Document, Segment, Sentence

# A line that opens a block of other articles. Written as whole lines so that a sentence such as
# "read more about the attack" inside the article does not cut it.
BLOCK_START = guard.compile(
    r"""^[ \t]*(?:
        related\ (?:articles|stories|news|content|posts)
      | more\ (?:from|on|stories|news)\b[^\n]{0,40}
      | most\ (?:popular|read)
      | read\ (?:more|next|also)
      | recommended(?:\ for\ you)?
      | you\ may\ also\ like
      | editors'?\ picks
      | latest\ (?:news|stories)
      | news\ feed
      | trending
    )[ \t]*:?[ \t]*$""",
    regex.I | regex.M | regex.X,
)

# Inside such a block, each item starts after a blank line or with a relative-time line.
ITEM_BREAK = guard.compile(
    r"\n[ \t]*\n(?:[ \t]*\n)+|\n(?=[^\n]{0,60}\n[ \t]*\d+\s+(?:minutes?|hours?|days?)\s+ago\b)", regex.I
)

# Sentence ends: . ! ? (optionally closed by a quote or bracket) before a space and a capital,
# digit or quote; or a line break. Abbreviations common in these reports do not end a sentence.
ABBREVIATIONS = guard.compile(
    r"""(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mr|mrs|ms|dr|gen|lt|col|maj|capt|sgt|
    st|no|vs|etc|approx|inc|corp|co|ltd|jr|sr|gov|rep|sen|pres|prof|u\.s|u\.k|u\.n|e\.u|a\.m|p\.m)
    |\b[A-Z])\.$""",
    regex.I | regex.X,
)
SENTENCE_END = guard.compile(r"""[.!?]+[”"'’)\]]*(?=\s+[“"'‘(\[]?[A-Z0-9\p{Lu}])|\n+""")


# Site navigation above the article ("KI logo … News Feed") is not a block of other articles.
MIN_ARTICLE_CHARS = 300


def segment(document: Document) -> list[Segment]:
    text = document.text
    first_block = next(
        (m for m in BLOCK_START.finditer(text) if len(text[: m.start()].strip()) >= MIN_ARTICLE_CHARS), None
    )
    if first_block is None:
        return [Segment(document.doc_id, 0, 0, len(text), document.published)]
    segments = [Segment(document.doc_id, 0, 0, first_block.start(), document.published)]
    start = first_block.end()
    bounds: list[tuple[int, int]] = []
    for marker in [*BLOCK_START.finditer(text, pos=start), None]:
        stop = marker.start() if marker else len(text)
        bounds.extend(_items(text, start, stop))
        if marker:
            start = marker.end()
    for index, (item_start, item_end) in enumerate(bounds, start=1):
        segments.append(Segment(document.doc_id, index, item_start, item_end, None))
    return segments


def _items(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    items = []
    cursor = start
    for brk in ITEM_BREAK.finditer(text, pos=start, endpos=stop):
        if text[cursor : brk.start()].strip():
            items.append((cursor, brk.start()))
        cursor = brk.end()
    if text[cursor:stop].strip():
        items.append((cursor, stop))
    return items


def sentences(document: Document, seg: Segment) -> list[Sentence]:
    text = document.text
    found: list[Sentence] = []
    cursor = seg.start
    for end in SENTENCE_END.finditer(text, pos=seg.start, endpos=seg.end):
        if end.group().startswith((".", "!", "?")) and ABBREVIATIONS.search(
            text[max(cursor, end.start() - 8) : end.start() + 1]
        ):
            continue
        _add(found, text, seg.index, cursor, end.end())
        cursor = end.end()
    _add(found, text, seg.index, cursor, seg.end)
    return found


def _add(found: list[Sentence], text: str, segment_index: int, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    found.append(Sentence(segment_index, len(found), begin, begin + len(stripped), stripped))
