"""What a count measures: launched, intercepted, lost to EW, or nothing we record (hits, debris,
drones that flew to Belarus). Counts joined by "," / "and" share one verb: right after the list
when passive ("were shot down") or the list's own verb ("hit"), else the nearest one before it."""

from __future__ import annotations

import itertools

import regex

from etl import guard, numbers, patterns
from etl.records import Count

WEAK_TRIGGERS = guard.compile(patterns.words("weak_triggers"), regex.I)
LEAD = guard.compile(r"\A\s*(?:more\s+|other\s+|others\s+)?")
ALL_AT_END = guard.compile(r"\ball\s+\Z", regex.I)
FURTHER_AT_END = guard.compile(r"\b(?:another|an\s+additional|a\s+further|the\s+remaining|the\s+other)\s+\Z", regex.I)
COLON_AT_END = guard.compile(r":\s*\Z")
AUXILIARY_AT_END = guard.compile(rf"{patterns.AUXILIARY}\s+(?:\w+\s+)?\Z", regex.I)


def read_elliptical(text: str, num: numbers.Number, after_all: bool) -> str | None:
    """The measure of a bare number whose weapon was named just before ("Fifty-two were shot down",
    "shot down 76 and lost track of 96"). Only a verb right beside the number counts."""
    if patterns.YEAR.match(num.raw.strip()) or (num.qualifier is None and num.value >= 10000):
        return None
    after = text[num.end :]
    lead = LEAD.match(after)
    after = after[lead.end() :] if lead else after
    right_measure, has_aux = None, False
    right = patterns.RIGHT_TRIGGER.match(after)
    if right:
        trigger = patterns.triggers().match(after, right.end())
        if trigger and not WEAK_TRIGGERS.match(trigger.group()):
            right_measure, has_aux = trigger.lastgroup, bool(right.group("aux").strip())
    left_measure = None
    before = text[: num.start]
    if after_all:
        before = ALL_AT_END.sub("", before)
    # "jammed another 296", "shot down a further 12"
    before = FURTHER_AT_END.sub("", before)
    for trigger in patterns.trigger_matches(text):
        if trigger.end() > len(before):
            break
        beside = before[trigger.end() :].strip() == "" and not WEAK_TRIGGERS.match(trigger.group())
        if beside and (patterns.ELLIPTICAL_FOLLOW.match(text[num.end :]) or right_measure):
            left_measure = trigger.lastgroup
    if right_measure and (has_aux or right_measure != "launched" or left_measure is None):
        return right_measure
    return left_measure


def group_lists(text: str, counts: list[Count]) -> list[list[Count]]:
    """Step 2a: counts joined by "," / "and" share one verb."""
    lists: list[list[Count]] = []
    for count in counts:
        if count.kind == "whole" and lists and lists[-1][-1].group == count.group:
            lists[-1].append(count)
            continue
        if lists and count.kind not in ("of_which", "anaphor"):
            prev = lists[-1][-1]
            gap = text[prev.phrase_end : count.phrase_start]
            if (
                prev.kind not in ("of_which", "anaphor", "elliptical")
                and count.kind != "elliptical"
                and patterns.LIST_GAP.match(gap)
            ):
                lists[-1].append(count)
                continue
        lists.append([count])
    return [part for items in lists for part in _split_fronted_whole(text, items)]


def _split_fronted_whole(text: str, items: list[Count]) -> list[list[Count]]:
    """ "Of the 90 drones and 10 missiles, 55 drones and 8 missiles were shot down": a fronted whole
    ends at its comma, the comma after its series' "and" if it has one ("Out of 72 drones, 6
    missiles and 3 decoys, 60 …"), else its first; the counts after it are the parts."""
    if len(items) < 2 or not _fronted_whole(text, items):
        return [items]
    gaps = [text[a.phrase_end : b.phrase_start] for a, b in itertools.pairwise(items)]
    commas = [i for i, gap in enumerate(gaps) if "," in gap]
    joined = next((i for i, gap in enumerate(gaps) if AND.search(gap)), None)
    after = [i for i in commas if joined is not None and i > joined]
    cut = after[0] if after else (commas[0] if commas else None)
    return [items] if cut is None else [items[: cut + 1], items[cut + 1 :]]


AND = guard.compile(r"\b(?:and|or)\b|&", regex.I)


def _whole_list(text: str, items: list[Count]) -> bool:
    """A list that is a whole: after "out of", or fronted ("Of the 90 drones and 10 missiles, …")."""
    first = items[0]
    if first.kind != "plain" or first.fixed_measure != "launched":
        return False
    return bool(patterns.OUT_OF_BEFORE.search(text, 0, first.phrase_start)) or _fronted_whole(text, items)


def _fronted_whole(text: str, items: list[Count]) -> bool:
    """ "Of the 90 drones and 10 missiles, 55 drones …": the whole ends at its comma."""
    first = items[0]
    return first.kind == "plain" and bool(patterns.FRONTED_OF.search(text, 0, first.phrase_start))


def assign_measures(text: str, items: list[Count], previous: list[Count], limit: int) -> None:
    """Step 2b: the verb of a list of counts decides what they measure. `limit` is where the next
    count begins: a verb after it is that count's."""
    start = min(c.phrase_start for c in items)
    end = max(c.phrase_end for c in items)
    after = text[end:limit]
    measure = None
    relative = patterns.RELATIVE.match(after)
    rel_trigger = patterns.triggers().search(after, relative.start("clause"), relative.end()) if relative else None
    right = patterns.RIGHT_TRIGGER.match(after)
    right_trigger = patterns.triggers().match(after, right.end()) if right else None
    left = _left_trigger(text, start, previous)
    if rel_trigger and rel_trigger.lastgroup in ("intercepted", "ew_lost", "blocked"):
        measure = rel_trigger.lastgroup
    elif (
        right_trigger
        and not WEAK_TRIGGERS.match(right_trigger.group())
        and ((right and right.group("aux").strip()) or right_trigger.lastgroup != "launched" or left is None)
    ):
        measure = right_trigger.lastgroup
        if measure == "launched" and not (right and right.group("aux").strip()):
            # "57 of the 79 drones launched overnight had been downed": a bare participle describes
            # the drones; the clause's own verb, passive and later, says what happened to them
            measure = _passive_later(after[right_trigger.end() :]) or measure
    elif left is not None:
        measure = left
    else:
        measure = _passive_later(after)
    if len(items) > 1 and _whole_list(text, items):
        # "out of 72 drones and 6 missiles", "Of the 90 drones and 10 missiles, …": every item is
        # of the whole, launched
        measure = "launched"
    for count in items:
        count.measure = count.fixed_measure or measure
        if count.kind == "part" and count.measure == "launched":
            count.measure = None  # of "N of M", only the whole is what was launched
        if count.kind in ("all", "anaphor") and count.measure in ("intercepted", "ew_lost"):
            count.extra = ["launched"] if count.kind == "all" else []
    # "around 650 drones and 50 missiles": a qualifier on the first of two counts covers the second
    # ("all six missiles and 25 drones" does not: "all" belongs to its own count).
    plain = [c for c in items if c.kind in ("plain", "all")]
    if len(plain) == 2 and len(items) == 2 and " and " in text[plain[0].phrase_end : plain[1].phrase_start]:
        first, second = plain
        if first.is_digits and second.is_digits and first.qualifier and not second.qualifier:
            second.qualifier = first.qualifier


def _left_trigger(text: str, start: int, previous: list[Count]) -> str | None:
    before = text[:start]
    # "55 air attack means were shot down: 40 Shahed drones and 15 cruise missiles" breaks a
    # count down: the list after the colon has the measure of the count before it.
    colon = COLON_AT_END.search(before)
    if colon and previous and previous[-1].measure:
        return previous[-1].measure
    # "Russia launched drones and missiles: 40 Shaheds, 5 Kalibrs": a colon that opens the list is
    # the verb's, not a clause's end
    clause_end = colon.start() if colon else len(before)
    # Searched in the whole sentence so that look-aheads ("down 16 drones") see past the count.
    found = [t for t in patterns.trigger_matches(text) if t.end() <= start]
    for trigger in reversed(found):
        if patterns.BOUNDARY.search(before, trigger.end(), clause_end):
            return None
        if WEAK_TRIGGERS.match(trigger.group()) and trigger.group().lower().startswith("includ"):
            # "used nearly 550 air weapons, including more than 330 attack drones"
            earlier = [c for c in previous if c.phrase_end <= trigger.start() and c.measure]
            # "483 of the 524 airborne threats, including 442 drones": the part is broken down
            parts = [c for c in earlier if c.kind == "part"]
            if earlier and earlier[-1].kind == "whole" and parts and parts[-1].group == earlier[-1].group:
                return parts[-1].measure
            return earlier[-1].measure if earlier else "launched"
        return trigger.lastgroup
    return None


def _passive_later(after: str) -> str | None:
    """ "60 Russian cruise missiles, including air-launched Kh-101 …, were shot down"."""
    relative = RELATIVE_START.match(after)
    for trigger in patterns.triggers().finditer(after):
        if patterns.BOUNDARY.search(after[: trigger.start()]):
            return None
        passive = AUXILIARY_AT_END.search(after[: trigger.start()])
        if passive and not WEAK_TRIGGERS.match(trigger.group()):
            return trigger.lastgroup
        if relative:
            relative = None
            continue  # "three drones that attacked Mykolaiv Oblast were destroyed": the clause's own verb
        return None
    return None


RELATIVE_START = guard.compile(r"\A\s*,?\s*(?:that|which|who)\b", regex.I)
