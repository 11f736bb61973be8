"""A bulletin's counting units and the counts in each, with their weapons and measures."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from etl import guard
from etl.bulletins.grammar import Count, number_values, patterns, words
from etl.numbers import MAX_DIGITS
from etl.records import Weapon
from etl.weapons import MISSILE_CLASSES, classify, combine_classes, find_models

LINE = guard.compile(r"[^\n]+")
BULLET = guard.compile(r"[-•–]\s")
BULLET_START = guard.compile(r"\s*[-•–]\s")
# a line that ends a sentence, or a heading in capitals; else the next line goes on with it
CLOSED_LINE = guard.compile(r"[.!?:;»\"”)]\Z|\p{Lu}{4,}\Z")
GOES_ON = guard.compile(r"[\p{Ll}\d]")
EVERYTHING = guard.compile(r"[\s\S]*")
# the space after a sentence's end mark; the mark is matched rather than looked behind for, so that
# `regex` skips from mark to mark (2x faster over a bulletin's lines; what follows a break is never
# a mark, so a matched mark is never one the next break needs)
SENTENCE_BREAK = guard.compile(r"[.!?](?P<space>\s+)(?=[\p{Lu}0-9«\"“💥❗⚡])")
DRONE_WORDS = guard.compile(r"бпла|безпілот|дрон|шахед", regex.I)
COMMA = guard.compile(r",\s+")
HOURS_OR_PLACES = guard.compile(r"\s*(?:годин|ранку|локаці(?!йн))")
AS_OF = guard.compile(r"станом\s+на\s*\Z")
A_YEAR = guard.compile(r"20\d\d\s*(?:року|р\.)")
NOT_A_DIGIT = guard.compile(r"\D")
CLAUSE_END = guard.compile(r"\s*(?:[.,;!]|\Z)")
OUT_OF = guard.compile(r"(?<![\w-])(?:з|із)\s+\Z", regex.I)


def units(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_bullet) of each sentence or bulleted line, in order. A line broken inside a
    sentence ("противник атакував\n118-та ударними БпЛА") is read with the next."""
    found = []
    lines = [[m.start(), m.end()] for m in LINE.finditer(text) if m.group().strip()]
    joined: list[list[int]] = []
    for line in lines:
        previous = text[joined[-1][0] : joined[-1][1]].rstrip() if joined else ""
        current = text[line[0] : line[1]].lstrip()
        bullet_line = BULLET.match(current)
        # (both alternatives end at the string's end: its last four characters decide)
        open_end = previous and not CLOSED_LINE.search(previous, max(0, len(previous) - 4))
        if open_end and not bullet_line and (GOES_ON.match(current) or previous.endswith(",")):
            joined[-1][1] = line[1]
        else:
            joined.append(line)
    for line_start, line_end in joined:
        whole = EVERYTHING.match(text, line_start, line_end)
        assert whole is not None
        bullet = bool(BULLET_START.match(whole.group()))
        start = whole.start()
        for end in SENTENCE_BREAK.finditer(whole.group()):
            found.append((start, whole.start() + end.start("space"), bullet))
            start = whole.start() + end.end()
        found.append((start, whole.end(), bullet))
    return [u for u in found if text[u[0] : u[1]].strip()]


def weapon_of(np: str) -> Weapon | None:
    """The class from the Ukrainian head; the model when one missile model is named (drones are
    reported as mixed types, so a drone row is the class)."""
    head = patterns()["head"].search(np)
    named = classify(np)
    if head is None:
        if not (named and named.model):
            return None
        return Weapon(None if named.weapon_class == "drone" else named.model, named.weapon_class, np.strip())
    weapon_class = head.lastgroup or "other"
    together = _joined_classes(np, head)
    if len(together) > 1:
        # "550 дронами та ракетами", "40 крилатими та балістичними ракетами": one count of both
        return Weapon(None, combine_classes(together) or "mixed", np.strip())
    drone_words = DRONE_WORDS.search(np)
    if weapon_class == "drone" and named and named.model and named.weapon_class != "drone" and not drone_words:
        return Weapon(named.model, named.weapon_class, np.strip())  # "боєприпасами типу «Бандероль»"
    if weapon_class == "missile" and named and named.weapon_class in ("cruise_missile", "ballistic_missile"):
        weapon_class = named.weapon_class if len(find_models(np)) == 1 else "missile"
    model = named.model if named and weapon_class not in ("drone", "mixed") else None
    if model is None and weapon_class == "cruise_missile":
        model = next((m for m, pattern in patterns()["head_models"] if pattern.search(np)), None)
    return Weapon(model, weapon_class, np.strip())


# Between two weapon heads that one count covers: a conjunction and at most two words
# ("дронами та ракетами", "БпЛА і крилатих ракет"); a missile's kind joined to the head after it
# ("крилатими та балістичними ракетами").
JOINED = guard.compile(r"\s*,?\s*(?:та|і|й)\s+(?:[\w-]+\s+){0,2}\Z", regex.I)
KIND_BEFORE = guard.compile(
    r"(?:(?P<cruise_missile>крилат\w*|протикорабельн\w*)|(?P<ballistic_missile>балістичн\w*))\s*,?\s*(?:та|і|й)\s+\Z",
    regex.I,
)


def _joined_classes(np: str, head: regex.Match[str]) -> list[str]:
    """The classes of the heads of one weapon phrase joined by a conjunction to its first, drones
    and missiles (a total of all targets, "цілей", is never one of them)."""
    classes = [head.lastgroup or "other"]
    kind = KIND_BEFORE.search(np, 0, head.start())
    if kind and classes[0] in MISSILE_CLASSES:
        classes.append(kind.lastgroup or "missile")
    previous = head
    for other in patterns()["head"].finditer(np, head.end()):
        if other.lastgroup == "mixed" or not JOINED.match(np, previous.end(), other.start()):
            break
        classes.append(other.lastgroup or "other")
        previous = other
    return classes if len(set(classes)) > 1 else classes[:1]


def read_counts(
    text: str, start: int, end: int, measure: str, last: list[Weapon], verbs: Sequence[regex.Match[str]] = ()
) -> list[Count]:
    """The counts of one unit, with the measure of its verb (or of the words right after a count).
    `verbs`: the unit's measure words; a count after an interception verb that follows the launch
    verb is an interception ("росіяни запустили 120 дронів, сили ППО збили 100")."""
    p = patterns()
    unit = text[start:end]
    counts: list[Count] = []
    taken: list[tuple[int, int]] = []
    out_of = False  # "з 550 дронів": a whole stated, so a bare count after it is its part
    for m in p["number"].finditer(unit):
        if any(s <= m.start() < e for s, e in taken) or _is_date_or_time(unit, m):
            continue
        value = _value(m)
        rest = unit[m.end() :]
        if value is None or p["thousands"].match(rest):
            continue
        here = _measure_before(verbs, start + m.start(), measure)
        share = p["subcount"].match(rest)
        # "(76 із них — реактивні)" is a share of a type; "знищила 100 з них." is the interception
        if share and not (here != measure and CLAUSE_END.match(rest, share.end())):
            continue
        whole = p["part_of"].match(unit[m.end() :])
        whole_number = p["number"].match(unit, m.end() + whole.end()) if whole else None
        after = whole_number.end() if whole_number else m.end()
        following = p["number"].search(unit, after + 1)
        stop = min(_phrase_end(unit, after), following.start() if following else len(unit))
        np = unit[after:stop]
        weapon = weapon_of(np) if _names_weapon(np) else None
        if weapon is not None and weapon.weapon_class == "mixed" and p["additional"].search(unit[: m.start()]):
            continue
        own = _own_measure(unit[after : following.start() if following else after + 60]) or here
        if weapon is not None and own != "launched" and not m.group("q") and OUT_OF.search(unit, 0, m.start()):
            # "з 550 ударних дронів сили ППО збили 476": the 550 were launched, the 476 downed
            own, out_of = "launched", True
        pair = bool(m.group("words")) and m.group("words").lower() in words()["numbers"]["pairs"]
        if weapon is None:
            if own in ("ew_lost", "intercepted") and last and (own != measure or whole_number or pair or out_of):
                # "Знищено 16 з 16.", "понад 60 локаційно втрачено": the weapon named last (EW: drones)
                drones = [w for w in last if w.weapon_class == "drone"]
                weapon = drones[-1] if own == "ew_lost" and drones else last[-1]
            else:
                continue
        qualifier = _qualifier(m.group("q"))
        raw = m.group()
        s, e = start + m.start(), start + m.end()
        if whole_number and _value(whole_number) is not None:
            counts.append(
                Count(
                    "launched",
                    _value(whole_number) or 0,
                    None,
                    weapon,
                    whole_number.group(),
                    start + whole_number.start(),
                    start + whole_number.end(),
                    unit,
                )
            )
        counts.append(Count(own, value, qualifier, weapon, raw, s, e, unit))
        taken.append((m.start(), stop))
        last.append(weapon)
    for m in p["singular"].finditer(unit):
        if any(s <= m.start() < e for s, e in taken) or p["number"].search(unit[max(0, m.start() - 12) : m.start()]):
            continue
        np = unit[m.start() : _phrase_end(unit, m.end())]
        weapon = weapon_of(np)
        if weapon is not None:
            own = _own_measure(unit[m.end() : m.end() + 60]) or measure
            counts.append(Count(own, 1, None, weapon, m.group(), start + m.start(), start + m.end(), unit))
    return counts


def _measure_before(verbs: Sequence[regex.Match[str]], at: int, measure: str) -> str:
    """The measure of a count: the unit's, or an interception or EW loss stated after the unit's
    launch verb and before the count (never back to a launch: "збито 20 БпЛА, які атакували
    Київщину, та 5 ракет" intercepted both)."""
    if measure != "launched":
        return measure
    before = [v.lastgroup for v in verbs if v.start() < at]
    return before[-1] if before and before[-1] in ("intercepted", "ew_lost") else measure


def _phrase_end(unit: str, start: int) -> int:
    """Where a weapon phrase ends: a bracket, colon, dash or place ("із напрямків"), or a comma
    before the next weapon ("…Х-59/69, протирадіолокаційною ракетою Х-31")."""
    p = patterns()
    end = p["np_end"].search(unit, start + 1)
    stop = end.start() if end else len(unit)
    for comma in COMMA.finditer(unit, start, stop):
        head = p["head"].search(unit, comma.end(), min(stop, comma.end() + 60))
        if head and len(unit[comma.end() : head.start()].split()) <= 2:
            return comma.start()
    return stop


def _names_weapon(np: str) -> bool:
    """A weapon head within the phrase's first words ("ударними безпілотниками"), or a model."""
    head = patterns()["head"].search(np, 0, 60)
    if head and len(np[: head.start()].split()) <= 3:
        return True
    named = classify(np[:40])
    return bool(named and named.model)


# Every phrase of the two measures a count can carry right after it ("60 локаційно втрачено", "цілей
# не досягли") holds one of these words (tests/etl/test_bulletins.py checks uk.yaml): a count
# followed by neither has no measure of its own, and the measure pattern need not look.
OWN_MEASURE_WORDS = guard.Folded("локаційно|досягл|збит|збил|знищ|знешкод|перехоп|подав")


def _own_measure(after: str) -> str | None:
    """ "60 локаційно втрачено", "цілей не досягли", and an interception right after its count
    ("із них 100 збито"; "40 БпЛА, збито 30" is not the 40's)."""
    if not OWN_MEASURE_WORDS.found_in(after):
        return None
    m = patterns()["measure"].search(after)
    if m and m.lastgroup in ("ew_lost", "not_reached") and m.start() < 25:
        return m.lastgroup
    if m and m.lastgroup == "intercepted" and not after[: m.start()].strip():
        return m.lastgroup
    return None


def _is_date_or_time(unit: str, m: regex.Match[str]) -> bool:
    """ "18 липня", "08:30", "04 годину", "на 11 локаціях", "2023 року": dates, times and places."""
    p = patterns()
    return bool(
        p["date"].match(unit, m.start() + len(m.group("q") or "") + (1 if m.group("q") else 0))
        # "на 11 локаціях" is a place count; "60 локаційно втрачено" (lost to EW) is a count
        or HOURS_OR_PLACES.match(unit[m.end() :])
        or AS_OF.search(unit[: m.start()])
        or (m.group("digits") and A_YEAR.match(unit[m.start("digits") :]))
    )


def _value(m: regex.Match[str]) -> int | None:
    if m.group("digits"):
        digits = NOT_A_DIGIT.sub("", m.group("digits"))
        return None if len(digits) > MAX_DIGITS else int(digits)  # as in news: not a count of anything
    table = number_values()
    total = 0
    for word in m.group("words").lower().split():
        if word not in table:
            return None
        total += table[word]
    return total


def _qualifier(word: str | None) -> str | None:
    if not word:
        return None
    word = " ".join(word.lower().split())
    return next((kind for kind, ws in words()["qualifiers"].items() if word in ws), None)
