"""Sentence → counts, before their measure is known: one small reader per kind of phrase.

Each number of a sentence is offered to the readers in order; the first that recognises its phrase
returns the counts it reads ([] when the phrase is known to state no count). Then phrases without a
number are read: "a cruise missile" (one) and "all of them" (an anaphor, resolved later). The
readers and an example of each (tests/cases/readers.yaml):

    part_of_whole    "shot down 47 out of the 55 missiles"     47 part, 55 whole (launched)
    of_which         "43 drones, 37 of which were destroyed"   37, its weapon named before
    of_the           "26 of the missiles"                       26, the missiles named before
    remainder        "all but one of the 50 drones"            (the whole only, read above)
    whole_after      "15 missiles out of 18"                   15 part, 18 whole (launched)
    plain            "563 drones", "all 14 missiles"            one count with its noun
    elliptical       "shot down 76 and lost track of 96"        a bare number beside its verb
    article          "a cruise missile", "an Iskander-M"        one
    anaphor          "all of them", "All the drones"            the count launched before
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Any

import regex

from etl import guard, measure, numbers, patterns, weapons
from etl.records import Count, SegmentState, Weapon
from etl.resolve_dates import Cue

EACH = guard.compile(r"\s+each\b", regex.I)
LAST_WORD = regex.compile(r"(?<![\w\-])([\w\-]+)\s\Z")


@dataclass
class Reading:
    """One number of a sentence as the readers see it."""

    text: str
    num: numbers.Number
    nxt: numbers.Number | None  # the next number, for "N of M"
    begin: int  # where the phrase starts ("all" included)
    after_all: bool  # "all 14 missiles"
    remainder: bool  # "all but one of the 50 drones"
    group: int
    state: SegmentState
    counts: list[Count]  # read so far in this sentence

    @cached_property
    def phrase(self) -> regex.Match[str] | None:
        """The weapon noun phrase right after the number (asked by two readers, found once)."""
        return patterns.noun_phrase_after_number().match(self.text[self.num.end :])

    def count(self, num: numbers.Number, end: int, **fields: Any) -> Count:
        return Count(
            value=num.value,
            qualifier=num.qualifier,
            raw=num.raw,
            start=num.start,
            end=num.end,
            phrase_start=self.begin,
            phrase_end=end,
            group=self.group,
            is_digits=num.is_digits,
            **fields,
        )


Reader = Callable[[Reading], list[Count] | None]


def part_of_whole(r: Reading) -> list[Count] | None:
    if r.nxt is None or not patterns.PART_OF_WHOLE.match(r.text[r.num.end : r.nxt.start]):
        return None
    np = patterns.noun_phrase_after_number().match(r.text[r.nxt.end :])
    if not np:
        return None
    weapon = weapons.classify(np.group("np"))
    end = r.nxt.end + np.end()
    whole = r.count(r.nxt, end, weapon=weapon, kind="whole", fixed_measure="launched")
    return [whole] if r.remainder else [r.count(r.num, end, weapon=weapon, kind="part"), whole]


def of_which(r: Reading) -> list[Count] | None:
    found = patterns.OF_WHICH.match(r.text[r.num.end :])
    return [r.count(r.num, r.num.end + found.end(), weapon=None, kind="of_which")] if found else None


def of_the(r: Reading) -> list[Count] | None:
    after = r.text[r.num.end :]
    found = patterns.OF_THE.match(after)
    if not found:
        return None
    np = patterns.noun_phrase_after_number().match(" " + after[found.end() :])
    weapon = refine(weapons.classify(np.group("np")) if np else None, r.state, r.counts)
    end = r.num.end + found.end() + (np.end() - 1 if np else 0)
    return [r.count(r.num, end, weapon=weapon, kind="of_the")]


def remainder(r: Reading) -> list[Count] | None:
    return [] if r.remainder else None


def whole_after(r: Reading) -> list[Count] | None:
    np = r.phrase
    if not np or r.nxt is None or not patterns.PART_OF_WHOLE.match(r.text[r.num.end + np.end() : r.nxt.start]):
        return None
    weapon = weapons.classify(np.group("np"))
    own = patterns.noun_phrase_after_number().match(r.text[r.nxt.end :])
    whole_weapon = weapons.classify(own.group("np")) if own else None
    if (
        weapon is not None
        and whole_weapon is not None
        and not (fits(whole_weapon, weapon) or fits(weapon, whole_weapon))
    ):
        # "4 missiles out of 72 drones and 6 missiles": the whole names another weapon, so it is
        # not this part's (two lists side by side): each number is read as a count of its own
        return None
    part = r.count(r.num, r.nxt.end, weapon=weapon, kind="part")
    return [part, r.count(r.nxt, r.nxt.end, weapon=weapon, kind="whole", fixed_measure="launched")]


def plain(r: Reading) -> list[Count] | None:
    np = r.phrase
    if not np:
        return None
    if EACH.match(r.text, r.num.end + np.end()):
        return []  # "one drone each over the Astrakhan, Belgorod and Voronezh regions"
    # "Of the 90 drones, 55 were shot down", "the majority of 135 drones": only the whole is stated
    before = r.text[: r.begin]
    whole = (
        patterns.FRONTED_OF.search(before) or patterns.SHARE_OF.search(before) or patterns.OUT_OF_BEFORE.search(before)
    )
    kind = "all" if r.after_all else "plain"
    weapon = weapons.classify(np.group("np"))
    end = r.num.end + np.end()
    return [r.count(r.num, end, weapon=weapon, kind=kind, fixed_measure="launched" if whole else None)]


def elliptical(r: Reading) -> list[Count] | None:
    found = measure.read_elliptical(r.text, r.num, r.after_all)
    if not found:
        return None
    extra = ["launched"] if r.after_all and found in ("intercepted", "ew_lost") else []
    return [r.count(r.num, r.num.end, weapon=None, kind="elliptical", fixed_measure=found, extra=extra)]


READERS: tuple[Reader, ...] = (part_of_whole, of_which, of_the, remainder, whole_after, plain, elliptical)


def read_counts(
    text: str, state: SegmentState, group_start: int, dates: Sequence[Cue] | Callable[[], Sequence[Cue]] = ()
) -> list[Count]:
    """The counts of one sentence. Numbers inside a date ("on Dec. 3") are not counts; `dates`, the
    sentence's date cues or a function finding them, is asked only when the sentence has a number."""
    parsed = [n for m in numbers.number_pattern().finditer(text) if (n := numbers.parse(m))]
    cues = (dates() if callable(dates) else dates) if parsed else ()
    found = [n for n in parsed if not any(c.start <= n.number_start < c.end for c in cues) if not not_a_count(text, n)]
    counts: list[Count] = []
    group, skip = group_start, -1
    for i, num in enumerate(found):
        if i == skip:
            continue
        group += 1
        reading = _reading(text, num, found[i + 1] if i + 1 < len(found) else None, group, state, counts)
        for reader in READERS:
            read = reader(reading)
            if read is not None:
                counts.extend(read)
                skip = i + 1 if any(c.kind == "whole" and c.start != num.start for c in read) else skip
                break
    group = _phrase_counts(text, counts, group)
    counts.sort(key=lambda c: (c.phrase_start, c.start))
    for whole, part in pairwise(counts):
        # "44 missiles, 29 of which were shot down": the count an "of which" refers to was launched
        if (
            part.kind == "of_which"
            and whole.kind == "plain"
            and not text[whole.phrase_end : part.phrase_start].strip(" ,")
        ):
            whole.fixed_measure = whole.fixed_measure or "launched"
    return counts


def _reading(
    text: str, num: numbers.Number, nxt: numbers.Number | None, group: int, state: SegmentState, counts: list[Count]
) -> Reading:
    all_before = patterns.ALL_BEFORE.search(text[: num.start])
    begin = all_before.start() if all_before else num.start
    remainder = patterns.ALL_BUT.search(text[: num.start]) is not None
    return Reading(text, num, nxt, begin, all_before is not None, remainder, group, state, counts)


def _phrase_counts(text: str, counts: list[Count], group: int) -> int:
    """ "a cruise missile" (one) and "all of them" (an anaphor): counts without a number."""
    lower = text.lower()
    kinds = []
    # the costly patterns only where they can match: a weapon word for "a cruise missile", "all"
    # for "all of them"
    if patterns.names_weapon(text):
        kinds.append(("article", patterns.article_noun_phrase()))
    if "all" in lower:
        kinds.append(("anaphor", patterns.ALL_ANAPHOR))
    for kind, pattern in kinds:
        for m in pattern.finditer(text):
            if any(m.start() < c.phrase_end and m.end() > c.phrase_start for c in counts):
                continue
            np = m if kind == "article" else patterns.noun_phrase_anywhere().match(text, m.end())
            group += 1
            counts.append(
                Count(
                    value=1 if kind == "article" else -1,
                    qualifier=None,
                    raw=m.group("raw"),
                    start=m.start(),
                    end=m.end("raw"),
                    phrase_start=m.start(),
                    phrase_end=np.end() if np else m.end(),
                    weapon=weapons.classify(np.group("np")) if np else None,
                    kind=kind,
                    group=group,
                )
            )
    return group


def not_a_count(text: str, num: numbers.Number) -> bool:
    """ "both ballistic and cruise types", "one of the largest attacks", "one of the downed UAVs",
    "Shahid 136 drones": a word or designator that only looks like a count."""
    word = text[num.number_start : num.end].lower()
    if word == "both" and patterns.BOTH_AND.match(text, num.end):
        return True
    if word == "one" and patterns.ONE_OF_THE.match(text, num.end):
        return True
    if not num.is_digits:
        return False
    word = LAST_WORD.search(text, max(0, num.number_start - 40), num.number_start)
    return bool(word and patterns.model_before().pattern.fullmatch(word.group(1)))


def refine(weapon: Weapon | None, state: SegmentState, current: list[Count]) -> Weapon | None:
    """ "26 of the missiles": the weapon named before, if only one fits; else the generic class."""
    if weapon is None:
        return None
    earlier = [c.weapon for c, _ in state.counts] + [c.weapon for c in current]
    fitting = {(w.model, w.weapon_class): w for w in earlier if w is not None and fits(weapon, w)}
    if len(fitting) == 1:
        return next(iter(fitting.values()))
    return weapon


def fits(generic: Weapon, specific: Weapon) -> bool:
    if generic.model:
        return generic.model == specific.model
    if generic.weapon_class == "missile":
        return specific.weapon_class in weapons.MISSILE_CLASSES
    if generic.weapon_class == "mixed":
        return True
    return generic.weapon_class == specific.weapon_class
