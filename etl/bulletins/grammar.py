"""A bulletin's words and patterns (vocabulary/uk.yaml), and what reading one produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from etl import guard, vocabulary
from etl.records import Weapon
from etl.tally import MEASURES

FLAGS = regex.I | regex.V1
MEASURED = (*MEASURES, "not_reached")
# no-break and thin spaces as spaces, every apostrophe as "’" (str.replace: 15× faster than a
# regex substitution, 100× than str.translate, which maps Cyrillic text a character at a time)
NORMAL = {**dict.fromkeys("\u00a0\u2009\u202f", " "), **dict.fromkeys("'ʼ`‘", "’")}


@cache
def words() -> dict:
    return vocabulary.load("uk.yaml")


def _alternation(items: list[str]) -> str:
    return "|".join(sorted((i.replace(" ", r"\s+") for i in items), key=len, reverse=True))


@cache
def number_values() -> dict[str, int]:
    table = {w: int(v) for group in ("units", "tens") for v, forms in words()["numbers"][group].items() for w in forms}
    table.update({w: 2 for w in words()["numbers"]["pairs"]})
    return table


@cache
def patterns() -> dict[str, Any]:
    vocab = words()
    units = _alternation([w for forms in vocab["numbers"]["units"].values() for w in forms])
    tens = _alternation([w for forms in vocab["numbers"]["tens"].values() for w in forms])
    pairs = _alternation(vocab["numbers"]["pairs"])
    qualifiers = _alternation([w for ws in vocab["qualifiers"].values() for w in ws])
    months = _alternation([w for ws in vocab["months"].values() for w in ws])
    heads = "|".join(f"(?P<{c}>{'|'.join(ws)})" for c, ws in vocab["heads"].items())
    measures = "|".join(f"(?P<{m}>{'|'.join(ws)})" for m, ws in vocab["measures"].items())
    day = r"(?P<d>[0-3]?\d)(?:-?го)?,?\s+(?P<m>" + months + r")(?:\s+(?P<y>20\d\d)\s*(?:року|р\.))?"
    # "(з 18:00 17 липня)", and "із (21.00 21 квітня)" as one post writes it
    window = (
        r"(?:з|із)?\s*\(\s*(?:з|із)?\s*(?P<wh>[0-2]?\d)[:.](?P<wm>\d\d)\s+(?P<wd>[0-3]?\d)\s+(?P<wmo>"
        + months
        + r")\s*\)"
    )
    # the number, head, measure and singular patterns begin with a letter or digit: a `\b` before
    # their look-behind lets `regex` skip to word starts (as guard.WORD_START; the measure pattern
    # about 1.3x faster), and tests/etl/test_vocabulary.py checks they find what they did without it
    return {
        "number": guard.compile(
            rf"""\b(?<![\w\-/.,:])(?:(?P<q>{qualifiers})\s+)?
                (?:(?P<digits>\d{{1,3}}(?:[\s\u202f]\d{{3}})+|\d+)(?:-?(?:ма|ти|та|ми|м|х|ох|ьох|ю|ій|а|у|і))?(?![\w/]|[:.]\d)
                 |(?P<words>(?:{tens})(?:\s+(?:{units}))?|{units}|{pairs})(?![\w’]))""",
            FLAGS | regex.X,
            prescan=True,
        ),
        "head": guard.compile(rf"\b(?<![\w-])(?:{heads})", FLAGS),
        "head_models": [(model, guard.compile(pattern, FLAGS)) for model, pattern in vocab["head_models"].items()],
        "measure": guard.compile(rf"\b(?<![\w])(?:{measures})", FLAGS),
        "night": guard.compile(rf"(?:у|в)\s*ніч\s+на\s+(?:{day}|(?P<nd>\d\d)\.(?P<nm>\d\d)\.(?P<ny>\d\d))", FLAGS),
        "window": guard.compile(window, FLAGS),
        "range": guard.compile(
            rf"""(?:з|із)\s+(?:вечора\s+|[0-2]?\d(?:[:.]\d\d|-ї\s+години)\s+)?[0-3]?\d(?:-го)?(?:\s+(?:{months}))?\s+
                 по\s+(?P<eh>[0-2]?\d)(?:[:.](?P<em>\d\d))?\s*(?:годину|ранку)?\s+{day}""",
            FLAGS | regex.X,
        ),
        # whether the post reports a day: asked of the whole post, in its folded text (guard.Folded)
        "day_report": guard.Folded(r"протягом\s+(?:дня|денної\s+пори|поточної\s+доби)|вдень\b|денної\s+пори"),
        "day_window": guard.compile(
            r"\(\s*(?:з|із)?\s*(?P<sh>[0-2]?\d)[:.](?P<sm>\d\d)\s*(?:до|по|–|-|—)\s*"
            r"(?P<eh>[0-2]?\d)[:.](?P<em>\d\d)\s*\)",
            FLAGS,
        ),
        "date": guard.compile(rf"(?<![\d.])(?:{day})", FLAGS),
        "as_of": guard.compile(r"станом\s+на\s+(?P<h>[0-2]?\d)[:.](?P<m>\d\d)", FLAGS),
        "subcount": guard.compile(r"\A" + vocab["subcount"], FLAGS),
        "part_of": guard.compile(r"\A" + vocab["part_of"], FLAGS),
        "all": guard.compile(vocab["all_words"], FLAGS),
        "some": guard.compile(vocab["some_words"], FLAGS),
        "additional": guard.compile(vocab["additional"], FLAGS),
        "correction": guard.compile(vocab["correction"], FLAGS),
        "air_force": guard.compile(vocab["air_force"], FLAGS),
        "place": guard.compile(rf"\b(?<![\w-])(?:{'|'.join(vocab['places'])})(?![\w-])", FLAGS),
        "ukraine": guard.compile(vocab["ukraine"], FLAGS),
        "superlative": guard.compile(vocab["superlatives"], FLAGS),
        "thousands": guard.compile(r"\A" + vocab["thousands"], FLAGS),
        # (group, the words one of which each of its matches holds, cue)
        "out_of_scope": [
            (group, tuple(cue["needs"].split("|")), guard.compile(rf"\b(?:{cue['cue']})", FLAGS))
            for group, cues in vocab["out_of_scope"].items()
            for cue in cues
        ],
        "out_of_scope_words": tuple(
            {w: None for c in vocab["out_of_scope"].values() for q in c for w in q["needs"].split("|")}
        ),
        "singular": guard.compile(
            r"\b(?<![\w])(?P<np>(?:[\w-]+(?:ою|у|а|ий|ої)\s+){0,3}ракет(?:ою|у|а)\b)", FLAGS, needs="ракет"
        ),
        "np_end": guard.compile(r"\s*(?:[(:;–—]|\s-\s|(?<=\s)(?:із|з|на|по|в|у|від)\s|,\s+(?:а\s+також|тип)|$)", FLAGS),
    }


@dataclass(frozen=True)
class When:
    attack_date: str | None
    partial: str | None
    month: str | None
    period: str  # night | day
    window_start: str | None = None
    window_end: str | None = None
    text: str = ""


@dataclass
class Count:
    measure: str
    value: int
    qualifier: str | None
    weapon: Weapon
    raw: str
    start: int
    end: int
    evidence: str
    headline: bool = False


@dataclass
class Row:
    weapon: Weapon
    values: dict[str, Count] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # kept visible, never silently resolved


def normalise(text: str) -> str:
    for old, new in NORMAL.items():
        text = text.replace(old, new)
    return text
