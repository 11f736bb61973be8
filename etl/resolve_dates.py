"""Attack dates from the words of a sentence and the page's publication date.

Convention (shared corpus README): the attack date is the date of the morning that ends the night
of the attack. "overnight" in a text published on D means D; "the night of 13-14 May" is 14 May;
"Sunday night" is Monday; "from 19:00 on December 25" is 26 December; "said on Friday" in a page
of 2023-12-15 is 2023-12-15. Relative words are resolved against the report date the sentence
states, else the publication date, and never against the clock. A count whose sentence states no
date takes the nearest one its article states (`fill_dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache

import regex

from etl import guard, vocabulary
from etl.records import Mention

_NAMES = vocabulary.load("dates.yaml")
MONTHS = {name: int(number) for number, names in _NAMES["months"].items() for name in names}
WEEKDAYS = {name: i for i, name in enumerate(_NAMES["weekdays"])}

MONTH = rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
WEEKDAY = rf"(?P<weekday>{'|'.join(WEEKDAYS)})"


def _words(name: str) -> str:
    return "(?:" + "|".join(_NAMES[name]) + ")"


REPORT_VERB = _words("report_verbs")
# An evening start time or "late on" puts the attack on the next morning's date.
EVENING = (
    r"(?:(?:since|from|starting|beginning|at)\s+(?:at\s+)?(?:the\s+)?"
    r"(?:evening\s+of|(?:1[7-9]|2[0-3])[:.]\d\d(?:\s+on)?)|late\s+(?:on\s+)?)"
)

# Each cue is one way a sentence dates what it reports. Checked in this order; a later cue that
# overlaps an earlier one is dropped.
CUES = [
    (
        "night_range",
        rf"night\s+of\s+(?:{DAY}\s*(?:-|–|to|into)\s*{DAY2}\s+{MONTH}|{MONTH}\s+{DAY}\s*(?:-|–|to|into)\s*{DAY2}){YEAR}",
    ),
    ("evening_date", rf"{EVENING}\s*(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH}){YEAR}\b"),
    ("evening_weekday", rf"{EVENING}\s*(?:on\s+)?{WEEKDAY}\b"),
    ("report_date", rf"{REPORT_VERB}\s+(?:on\s+)?(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH}){YEAR}\b"),
    ("report_weekday", rf"{REPORT_VERB}\s+(?:on\s+)?{WEEKDAY}\b"),
    ("iso", r"(?P<iso>20\d\d-[01]\d-[0-3]\d)"),
    # "overnight on Sept. 20-21", "on 29-30 August": a night named by its two days
    ("range", rf"(?:{MONTH}\s+{DAY}\s*(?:-|–|to|into)\s*{DAY2}|{DAY}\s*(?:-|–)\s*{DAY2}\s+{MONTH}){YEAR}(?!\d|:\d)"),
    ("new_year", r"new\s+year['’ʼ]?s\s+(?:eve|night)"),
    ("date", rf"(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH}){YEAR}(?!\d|:\d)"),
    ("weekday_night", rf"(?P<last>last\s+)?{WEEKDAY}(?:\s+|-)(?:night|evening)"),
    ("weekday", rf"(?P<last>last\s+)?{WEEKDAY}\b"),
    # "in November 2022, when Russia launched 96 missiles"; not "since the war began in February 2022"
    (
        "month_year",
        rf"(?<!(?:since|began|begun|started|start|invasion|invaded|war)\b[^.;]{{0,30}})in\s+{MONTH}\s+(?P<year>20\d\d)\b",
    ),
    ("month_last", rf"last\s+{MONTH}\b"),
    ("this_month", r"(?:earlier|later)\s+(?:this|in\s+the)\s+month|this\s+month"),
    ("last_month", r"last\s+month"),
    ("yesterday", r"yesterday"),
    ("days_ago", r"(?P<ago>\d|two|three|four|five|six)\s+days\s+ago"),
    ("vague", _words("vague")),
    ("past_day", _words("past_day")),
    ("relative", _words("relative")),
]
SINCE = guard.compile(r"\bsince\s+(?:the\s+)?\Z", regex.I)
# (a cue of `cue_words` runs only over a sentence holding one of its words: guard.Gated)
COMPILED = [
    (
        name,
        guard.compile(
            rf"{guard.WORD_START}{pattern}(?![\w\-])",
            regex.I,
            needs="|".join(_NAMES["cue_words"].get(name, [])) or None,
        ),
    )
    for name, pattern in CUES
]
# Every alternative of these cues holds a month name, or a weekday's: a sentence without one (most)
# is not scanned by them. A name in a cue always starts a word (after a space, or where the cue
# starts), so a search for the names at a word's start finds whatever the cues could.
NEEDS = {
    **dict.fromkeys(
        ["night_range", "evening_date", "report_date", "range", "date", "month_year", "month_last"], "month"
    ),
    **dict.fromkeys(["evening_weekday", "report_weekday", "weekday_night", "weekday"], "weekday"),
}
# (looked for in the folded sentence: guard.Folded, 4x faster than regex under IGNORECASE)
NAMES = {
    "month": guard.Folded(rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})"),
    "weekday": guard.Folded(rf"\b(?:{'|'.join(WEEKDAYS)})"),
}


@dataclass(frozen=True)
class When:
    """A resolved attack date: full, day without year, month only, or unknown."""

    date: str | None = None  # YYYY-MM-DD
    partial: str | None = None  # --MM-DD
    month: str | None = None  # YYYY-MM

    @property
    def key(self) -> str | None:
        return self.date or self.partial or self.month


UNKNOWN = When()


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: str
    when: When
    text: str = ""  # the words the date was read from


def parse_published(published: str | None) -> tuple[dt.date | None, str | None]:
    """The full publication date if known, and its month ("YYYY-MM")."""
    if not published:
        return None, None
    year = published[:4]
    if not (year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        return None, None  # a date outside the war's years is not a page date (e.g. 9999-12-31)
    try:
        if len(published) == 10:
            day = dt.date.fromisoformat(published)
            return day, published[:7]
        if len(published) == 7:
            dt.date.fromisoformat(published + "-01")
            return None, published
    except ValueError:
        pass
    return None, None


def find_cues(sentence: str, published: str | None) -> list[Cue]:
    """The date cues of one sentence, each resolved against its anchor date."""
    pub_day, pub_month = parse_published(published)
    raw: list[tuple[int, int, str, regex.Match[str]]] = []
    # (found_in checks the deadline: once per sentence, as the cue patterns do not: guard.Linear)
    named = {need: names.found_in(sentence) for need, names in NAMES.items()}
    for kind, pattern in COMPILED:
        if not named.get(NEEDS.get(kind, ""), True):
            continue
        for m in pattern.finditer(sentence):
            if any(m.start() < e and m.end() > s for s, e, _, _ in raw):
                continue
            raw.append((m.start(), m.end(), kind, m))
    raw.sort()
    # "the deadliest strike since last July": a reference point, not the attack's date
    raw = [cue for cue in raw if not SINCE.search(sentence, 0, cue[0])]
    # "overnight on May 25", "early hours of Tuesday, April 23": the date that follows decides.
    raw = [
        cue
        for i, cue in enumerate(raw)
        if not (cue[2] == "relative" and i + 1 < len(raw) and raw[i + 1][0] - cue[1] <= 12)
    ]
    # A report date in the sentence anchors its "overnight": "launched overnight, the Air Force
    # reported on Sept. 14" is the night ending 14 September even on a page with no date.
    anchor_day, anchor_partial = pub_day, None
    for _, _, kind, m in raw:
        if kind in ("report_date", "report_weekday"):
            when = _resolve(kind, m, pub_day, pub_month)
            if when.date:
                anchor_day = dt.date.fromisoformat(when.date)
            elif when.partial:
                anchor_partial = when.partial
            break
    cues = []
    for start, end, kind, m in raw:
        if kind == "relative" and anchor_day is None and anchor_partial:
            when = When(partial=anchor_partial)
        else:
            when = _resolve(kind, m, anchor_day if kind == "relative" else pub_day, pub_month)
            if kind == "relative" and when is UNKNOWN:
                # "overnight" with nothing to anchor it says nothing: the article's date stands.
                continue
        if (
            kind in ("date", "range", "iso")
            and ATTRIBUTIVE_BEFORE.search(sentence, 0, start)
            and ATTRIBUTIVE_AFTER.match(sentence, end)
        ):
            kind = "attributive"
        cues.append(Cue(start, end, kind, when, m.group()))
    return cues


class SentenceCues(Mapping[int, list[Cue]]):
    """The date cues of a segment's sentences by index, each sentence's found when first asked:
    `known` holds those already found (None: not yet). A long article's count takes its date from
    its own sentence or the nearest one with a date, and the rest are never scanned."""

    def __init__(self, texts: dict[int, str], published: str | None, known: dict[int, list[Cue] | None]) -> None:
        self._texts, self._published = texts, published
        self._found = {i: cues for i, cues in known.items() if cues is not None}

    def __getitem__(self, index: int) -> list[Cue]:
        if index not in self._found:
            self._found[index] = find_cues(self._texts[index], self._published)
        return self._found[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


# "a major June 1 strike", "the Oct. 10 attack": a date naming another attack. It dates the counts
# that follow it ("the Oct. 10 attack, when 84 rockets were fired"), not the sentence.
ATTRIBUTIVE_BEFORE = guard.compile(r"\b(?:the|a|an|its|this)\s+(?:[\w-]+\s+)?\Z", regex.I)
ATTRIBUTIVE_AFTER = guard.compile(r"\s+(?:[\w-]+\s+)?(?:strike|attack|assault|raid|operation|barrage)s?\b", regex.I)


def _resolve(kind: str, m: regex.Match[str], pub_day: dt.date | None, pub_month: str | None) -> When:
    groups = m.groupdict()
    if kind in ("night_range", "range", "evening_date", "report_date", "date"):
        month = MONTHS[groups["month"].lower().rstrip(".")]
        day = int(groups["day2"] if kind in ("night_range", "range") else groups["day"])
        year = int(groups["year"]) if groups.get("year") else None
        shift = 1 if kind == "evening_date" else 0
        return _dated(year, month, day, shift, pub_day, pub_month)
    if kind in ("evening_weekday", "report_weekday", "weekday", "weekday_night"):
        if pub_day is None:
            return UNKNOWN
        weekday = WEEKDAYS[groups["weekday"].lower()]
        back = (pub_day.weekday() - weekday) % 7
        if groups.get("last") and back == 0:
            back = 7
        night = 1 if kind in ("evening_weekday", "weekday_night") else 0
        if back - night < 0:
            night = 0  # "On Monday night" in a Monday morning report: the night into Monday
        return _full(pub_day - dt.timedelta(days=back - night))
    if kind == "new_year":
        # the night of 31 December into 1 January
        if pub_month and pub_month.endswith("-01"):
            return _full(dt.date(int(pub_month[:4]), 1, 1))
        if pub_month and pub_month.endswith("-12"):
            return _full(dt.date(int(pub_month[:4]) + 1, 1, 1))
        return When(partial="--01-01")
    if kind == "month_year":
        return When(month=f"{groups['year']}-{MONTHS[groups['month'].lower().rstrip('.')]:02d}")
    if kind == "month_last":
        if not pub_month:
            return UNKNOWN
        year, current = int(pub_month[:4]), int(pub_month[5:])
        month = MONTHS[groups["month"].lower().rstrip(".")]
        return When(month=f"{year if month < current else year - 1}-{month:02d}")
    if kind == "this_month":
        return When(month=pub_month) if pub_month else UNKNOWN
    if kind == "last_month":
        if not pub_month:
            return UNKNOWN
        year, month = int(pub_month[:4]), int(pub_month[5:])
        return When(month=f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}")
    if kind == "yesterday":
        return _full(pub_day - dt.timedelta(days=1)) if pub_day else UNKNOWN
    if kind == "days_ago":
        ago = groups["ago"].lower()
        days = int(ago) if ago.isdigit() else ["two", "three", "four", "five", "six"].index(ago) + 2
        return _full(pub_day - dt.timedelta(days=days)) if pub_day else UNKNOWN
    if kind == "iso":
        try:
            return _full(dt.date.fromisoformat(groups["iso"]))
        except ValueError:
            return UNKNOWN
    if kind in ("relative", "past_day"):
        return _full(pub_day) if pub_day else UNKNOWN
    return UNKNOWN


def _dated(year: int | None, month: int, day: int, shift: int, pub_day: dt.date | None, pub_month: str | None) -> When:
    if year is None and pub_month:
        pub_year, pub_m = int(pub_month[:4]), int(pub_month[5:])
        # A date later in the year than the page is last year's ("Dec. 29" on a January page).
        year = pub_year - 1 if month > pub_m + (1 if pub_day is None else 0) else pub_year
        if pub_day is not None and month == pub_m and day > pub_day.day + 1:
            year = pub_year - 1
    if year is None:
        try:
            base = dt.date(2000, month, day) + dt.timedelta(days=shift)  # a leap year, so 29 Feb stays valid
        except ValueError:
            return UNKNOWN
        return When(partial=f"--{base.month:02d}-{base.day:02d}")
    try:
        return _full(dt.date(year, month, day) + dt.timedelta(days=shift))
    except ValueError:
        return UNKNOWN


def _full(day: dt.date) -> When:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return UNKNOWN
    return When(date=day.isoformat(), month=day.isoformat()[:7])


# Years an attack date can have: the war since 2014, and not a typo's far future.
FIRST_YEAR, LAST_YEAR = 2014, 2100


# A dateline opens a report with the place and day it was filed: "KYIV, July 9:", "Moscow, Oct 25 ".
DATELINE = guard.compile(
    rf"\A\W*(?:\(?[A-Z][\w .'’-]{{1,30}}\)?,\s+)(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH}){YEAR}\s*(?:[:(/–—-]|\s+(?=[A-Z]))",
    regex.I,
)


def dateline(text: str, published: str | None) -> str | None:
    """The day a report was filed when it opens with a dateline, as an ISO date; its year from the
    page. A dateline outranks the page's date for "overnight" (pages are often dated a day later)."""
    m = DATELINE.match(text[:120])
    if not m:
        return None
    when = _resolve("date", m, *parse_published(published))
    return when.date


def fill_dates(
    mentions: list[Mention], sentence_cues: Mapping[int, list[Cue]], texts: dict[int, str] | None = None
) -> list[Mention]:
    """A sentence with no date words takes the article's date: the last one stated before it, or,
    when the article states none before it, the first one after ("… shot down 11 Shaheds. … Overnight
    into February 8, 2024, the enemy launched 17"). A bare weekday in a sentence about something
    else ("designated Friday as a day of mourning") dates nothing but itself, and an inserted link
    ("Read also: …") neither gives nor takes a date. A day without its year takes the year the
    article states for that day elsewhere. `sentence_cues` may find a sentence's cues only when asked
    (SentenceCues): only the sentences nearest a count's are."""
    texts = texts or {}
    inserts = {i for i, t in texts.items() if INSERTED_LINK.match(t)}
    order = sorted(i for i in sentence_cues if i not in inserts)

    @cache
    def lending(i: int) -> list[Cue]:
        return [
            c
            for c in sentence_cues[i]
            if c.kind != "attributive" and (c.kind != "weekday" or ATTACK_WORDS.search(texts.get(i, "overnight")))
        ]

    @cache
    def years() -> list[str]:
        return sorted({c.when.date for cues in sentence_cues.values() for c in cues if c.when.date})

    filled = []
    for mention in mentions:
        if mention.sentence in inserts:
            filled.append(replace(mention, attack_date=None, attack_month=None, attack_date_partial=None, date_text=""))
            continue
        if sentence_cues.get(mention.sentence):
            filled.append(_with_year(mention, years))
            continue
        # the last date stated before the sentence, else the first after it
        cue = next((lending(s)[-1] for s in reversed(order) if s < mention.sentence and lending(s)), None) or next(
            (lending(s)[0] for s in order if s > mention.sentence and lending(s)), None
        )
        when = cue.when if cue else UNKNOWN
        dated = replace(
            mention,
            attack_date=when.date,
            attack_month=when.month,
            attack_date_partial=when.partial,
            date_text=cue.text if cue else "",
        )
        filled.append(_with_year(dated, years))
    return filled


def _with_year(mention: Mention, dates: Callable[[], list[str]]) -> Mention:
    """ "--02-24" beside "February 24, 2025" is 2025-02-24; "--01-01" (New Year's night) beside
    "December 31, 2022" is 2023-01-01: the year that puts the day within two days of a stated date."""
    partial = mention.attack_date_partial
    if mention.attack_date is not None or not partial:
        return mention
    month, day = int(partial[2:4]), int(partial[5:7])
    for stated in dates():
        anchor = dt.date.fromisoformat(stated)
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if abs((candidate - anchor).days) <= 2:
                iso = candidate.isoformat()
                return replace(mention, attack_date=iso, attack_month=iso[:7], attack_date_partial=None)
    return mention


INSERTED_LINK = guard.compile(r"\A\W*(?:read|see)\s+(?:also|more)\s*:", regex.I)
ATTACK_WORDS = guard.compile(
    r"night|overnight|attack|strike|raid|barrage|launch|drone|missile|shot\s+down|air\s+defen|shahed|morning", regex.I
)
