"""Sentence → mentions: every stated count of drones or missiles, what it measures, whose it is.

The reading goes in three steps per sentence:
1. find the counts: "N weapons", "N of the M weapons", "N of the weapons", "all N weapons",
   "a weapon", "N of which", "all of them", and bare numbers whose weapon is the one just named
   ("Of 188 drones used, Ukraine shot down 76 and lost track of 96");
2. group counts that share a verb into lists ("nearly 600 drones, two Kinzhal and nine Iskander-M
   missiles") and find that verb: right after the list when it is passive ("were shot down") or
   the list's own verb ("hit", "flew to Belarus"), else the nearest one before it;
3. turn counts into mentions with their attacker, scope and date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from etl import guard, numbers, patterns, weapons
from etl.records import Mention, Sentence, Weapon
from etl.resolve_dates import UNKNOWN, Cue, When, find_cues

UKRAINE = guard.compile(r"ukrain|kyiv|kiev", regex.I)
WEAPON_WORD = guard.compile(
    r"drone|uav|unmanned|missile|target|weapon|decoy|shahe|geran|kinzhal|kalibr|iskander|\b(?:kh|x|s|c)-?\d", regex.I
)
WEAK_TRIGGERS = guard.compile(r"includ|involv|barrage|wave|salvo|volume|total|attack(?:ed)?\b", regex.I)
OBLASTS = {
    "kyiv": "Kyiv",
    "kiev": "Kyiv",
    "odesa": "Odesa",
    "odessa": "Odesa",
    "kharkiv": "Kharkiv",
    "mykolaiv": "Mykolaiv",
    "dnipropetrovsk": "Dnipropetrovsk",
    "zaporizhzhia": "Zaporizhzhia",
    "zaporizhia": "Zaporizhzhia",
    "kherson": "Kherson",
    "sumy": "Sumy",
    "chernihiv": "Chernihiv",
    "poltava": "Poltava",
    "cherkasy": "Cherkasy",
    "kirovohrad": "Kirovohrad",
    "vinnytsia": "Vinnytsia",
    "zhytomyr": "Zhytomyr",
    "khmelnytskyi": "Khmelnytskyi",
    "khmelnytsky": "Khmelnytskyi",
    "rivne": "Rivne",
    "volyn": "Volyn",
    "lviv": "Lviv",
    "ternopil": "Ternopil",
    "ivano-frankivsk": "Ivano-Frankivsk",
    "zakarpattia": "Zakarpattia",
    "chernivtsi": "Chernivtsi",
    "donetsk": "Donetsk",
    "luhansk": "Luhansk",
}
_OBLAST_NAMES = "|".join(sorted(OBLASTS, key=len, reverse=True))
# One named oblast as the place of a count ("over Mykolaiv Oblast", "in the sky over the Odessa
# region"). A list of several regions is a national count's breakdown and keeps national scope.
OBLAST_SCOPE = guard.compile(
    rf"""(?<!,\s|and\s)(?:\b(?:over|in|above|of)\s+(?:the\s+)?(?:sky\s+over\s+(?:the\s+)?)?(?:territory\s+of\s+)?
        (?:(?:ukraine['’]s|southern|northern|eastern|western|central|southeastern|southwestern|northeastern|northwestern|neighbou?ring)\s+)*)
        (?P<name>{_OBLAST_NAMES})\s+(?:oblast|region|province)\b(?!s)""",
    regex.I | regex.X,
)
OF_WHICH_BEFORE = guard.compile(r"\b(?:out\s+)?of\s+(?:which|them|these|those)\s*,?\s*\Z", regex.I)
INCLUDING = guard.compile(r"\bincluding\b", regex.I)
EACH = guard.compile(r"\s+each\b", regex.I)
# Where Russia says it downed Ukrainian drones: a breakdown of its national claim.
RUSSIAN_REGION = guard.compile(
    r"\bover\s+(?:the\s+)?(?P<name>(?i:sea\s+of\s+azov|black\s+sea|crimea)|[A-Z][\w-]+(?=\s+(?i:region|oblast|area)\b))"
)
# A part of the country rather than a named oblast: "in the south", "in Ukraine's eastern and
# northern regions". Such a count is a breakdown when the article also gives the national one.
PART_OF_COUNTRY = guard.compile(
    r"""\b(?:in|over|across)\s+(?:the\s+|ukraine['’]s\s+)?
        (?P<name>(?:south|north|east|west)(?:ern)?|central|centre|center)
        (?:(?:\s*,\s*|\s+and\s+)(?P<more>(?:south|north|east|west)(?:ern)?|central))*
        (?:\s+(?:regions?|parts?|oblasts?|areas?|of\s+(?:the\s+country|ukraine)))?\b""",
    regex.I | regex.X,
)
THE_REGION = guard.compile(r"\bover\s+the\s+(?:region|oblast)\b", regex.I)
CITY_SCOPE = guard.compile(
    r"\b(?:aimed\s+at|over|above|targeting|toward|towards)\s+(?:the\s+)?(?P<name>capital|kyiv|kiev)\b(?!\s+(?:region|oblast))",
    regex.I,
)


@dataclass
class Count:
    """A count found in a sentence, before its measure is known. Offsets are sentence-relative."""

    value: int
    qualifier: str | None
    raw: str
    start: int  # span of `raw`
    end: int
    phrase_start: int  # the whole phrase, for grouping into lists
    phrase_end: int
    weapon: Weapon | None
    kind: str  # plain | all | part | whole | elliptical | of_which | anaphor | article | of_the
    group: int
    is_digits: bool = False
    measure: str | None = None
    fixed_measure: str | None = None  # set by the phrase itself (elliptical, of-which)
    partner: int | None = None  # index of the other half of "N of M"
    extra: list[str] = field(default_factory=list)  # measures the same value also gives ("all 14")


@dataclass
class SegmentState:
    """What earlier sentences of the article said, for anaphora and dates."""

    counts: list[tuple[Count, str]] = field(default_factory=list)  # with their attacker
    last_phrases: list[Weapon] = field(default_factory=list)
    last_when: When | None = None
    last_oblast: str | None = None


def skip_reason(text: str) -> str | None:
    """Why a sentence holds no attack count on Ukraine, if it does not."""
    if patterns.compiled_cues("retracted").search(text):
        return "retracted"
    if patterns.compiled_cues("foreign").search(text):
        return "foreign"
    for cue in patterns.compiled_cues("total").finditer(text):
        # "the single largest launch since the start of the invasion" is one attack.
        if not patterns.superlative().search(text[max(0, cue.start() - 90) : cue.start()]):
            return "total"
    return None


def segment_is_foreign(text: str) -> bool:
    return bool(patterns.compiled_cues("foreign").search(text)) and not UKRAINE.search(text)


def _from_number(num: numbers.Number, group: int, phrase_start: int, phrase_end: int, **fields: Any) -> Count:
    return Count(
        value=num.value,
        qualifier=num.qualifier,
        raw=num.raw,
        start=num.start,
        end=num.end,
        phrase_start=phrase_start,
        phrase_end=phrase_end,
        group=group,
        is_digits=num.is_digits,
        **fields,
    )


def read_counts(text: str, state: SegmentState, group_start: int, dates: Sequence[Cue] = ()) -> list[Count]:
    """Step 1: the counts of one sentence. Numbers inside a date ("on Dec. 3") are not counts."""
    counts: list[Count] = []
    found = [
        n
        for m in numbers.number_pattern().finditer(text)
        if (n := numbers.parse(m)) and not any(c.start <= n.number_start < c.end for c in dates)
    ]
    consumed: set[int] = set()
    group = group_start
    for i, num in enumerate(found):
        if i in consumed:
            continue
        group += 1
        after = text[num.end :]
        all_before = patterns.ALL_BEFORE.search(text[: num.start])
        begin = all_before.start() if all_before else num.start
        nxt = found[i + 1] if i + 1 < len(found) else None
        # "all but one of the 50 drones": the part is a remainder, only the whole is stated
        remainder = patterns.ALL_BUT.search(text[: num.start]) is not None
        if nxt is not None and patterns.PART_OF_WHOLE.match(text[num.end : nxt.start]):
            np = patterns.noun_phrase_after_number().match(text[nxt.end :])
            if np:
                weapon = weapons.classify(np.group("np"))
                end = nxt.end + np.end()
                part = _from_number(num, group, begin, end, weapon=weapon, kind="part")
                whole = _from_number(nxt, group, begin, end, weapon=weapon, kind="whole", fixed_measure="launched")
                counts.extend([whole] if remainder else [part, whole])
                consumed.add(i + 1)
                continue
        of_which = patterns.OF_WHICH.match(after)
        if of_which:
            counts.append(_from_number(num, group, begin, num.end + of_which.end(), weapon=None, kind="of_which"))
            continue
        of_the = patterns.OF_THE.match(after)
        if of_the:
            np = patterns.noun_phrase_after_number().match(" " + after[of_the.end() :])
            weapon = refine(weapons.classify(np.group("np")) if np else None, state, counts)
            end = num.end + of_the.end() + (np.end() - 1 if np else 0)
            counts.append(_from_number(num, group, begin, end, weapon=weapon, kind="of_the"))
            continue
        if remainder:
            continue
        np = patterns.noun_phrase_after_number().match(after)
        if np and EACH.match(after, np.end()):
            continue  # "one drone each over the Astrakhan, Belgorod and Voronezh regions"
        if np:
            weapon = weapons.classify(np.group("np"))
            end = num.end + np.end()
            if nxt is not None and patterns.PART_OF_WHOLE.match(text[end : nxt.start]):
                # "15 missiles out of 18": the whole comes after the noun
                counts.append(_from_number(num, group, begin, nxt.end, weapon=weapon, kind="part"))
                counts.append(
                    _from_number(nxt, group, begin, nxt.end, weapon=weapon, kind="whole", fixed_measure="launched")
                )
                consumed.add(i + 1)
                continue
            fronted = "launched" if patterns.FRONTED_OF.search(text[:begin]) else None
            kind = "all" if all_before else "plain"
            counts.append(_from_number(num, group, begin, end, weapon=weapon, kind=kind, fixed_measure=fronted))
            continue
        elliptical = read_elliptical(text, num, all_before is not None)
        if elliptical:
            extra = ["launched"] if all_before is not None and elliptical in ("intercepted", "ew_lost") else []
            counts.append(
                _from_number(
                    num, group, begin, num.end, weapon=None, kind="elliptical", fixed_measure=elliptical, extra=extra
                )
            )
    for m in patterns.article_noun_phrase().finditer(text):
        if any(m.start() < c.phrase_end and m.end() > c.phrase_start for c in counts):
            continue
        weapon = weapons.classify(m.group("np"))
        group += 1
        counts.append(
            Count(
                value=1,
                qualifier=None,
                raw=m.group("raw"),
                start=m.start(),
                end=m.end("raw"),
                phrase_start=m.start(),
                phrase_end=m.end(),
                weapon=weapon,
                kind="article",
                group=group,
            )
        )
    for m in patterns.ALL_ANAPHOR.finditer(text):
        if any(m.start() < c.phrase_end and m.end() > c.phrase_start for c in counts):
            continue
        np = patterns.noun_phrase_anywhere().match(text, m.end())
        end = np.end() if np else m.end()
        weapon = weapons.classify(np.group("np")) if np else None
        group += 1
        counts.append(
            Count(
                value=-1,
                qualifier=None,
                raw=m.group("raw"),
                start=m.start(),
                end=m.end("raw"),
                phrase_start=m.start(),
                phrase_end=end,
                weapon=weapon,
                kind="anaphor",
                group=group,
            )
        )
    counts.sort(key=lambda c: (c.phrase_start, c.start))
    return counts


def read_elliptical(text: str, num: numbers.Number, after_all: bool) -> str | None:
    """The measure of a bare number whose weapon was named just before ("Fifty-two were shot down",
    "shot down 76 and lost track of 96"). Only a verb right beside the number counts."""
    if patterns.YEAR.match(num.raw.strip()) or (num.qualifier is None and num.value >= 10000):
        return None
    after = text[num.end :]
    lead = regex.match(r"\A\s*(?:more\s+|other\s+|others\s+)?", after)
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
        before = regex.sub(r"\ball\s+\Z", "", before, flags=regex.I)
    # "jammed another 296", "shot down a further 12"
    before = regex.sub(
        r"\b(?:another|an\s+additional|a\s+further|the\s+remaining|the\s+other)\s+\Z", "", before, flags=regex.I
    )
    for trigger in patterns.triggers().finditer(text):
        if trigger.end() > len(before):
            break
        beside = before[trigger.end() :].strip() == "" and not WEAK_TRIGGERS.match(trigger.group())
        if beside and (patterns.ELLIPTICAL_FOLLOW.match(text[num.end :]) or right_measure):
            left_measure = trigger.lastgroup
    if right_measure and (has_aux or right_measure != "launched" or left_measure is None):
        return right_measure
    return left_measure


def refine(weapon: Weapon | None, state: SegmentState, current: list[Count]) -> Weapon | None:
    """ "26 of the missiles": the weapon named before, if only one fits; else the generic class."""
    if weapon is None:
        return None
    earlier = [c.weapon for c, _ in state.counts] + [c.weapon for c in current]
    fitting = {(w.model, w.weapon_class): w for w in earlier if w is not None and _fits(weapon, w)}
    if len(fitting) == 1:
        return next(iter(fitting.values()))
    return weapon


def _fits(generic: Weapon, specific: Weapon) -> bool:
    if generic.model:
        return generic.model == specific.model
    if generic.weapon_class == "missile":
        return specific.weapon_class in weapons.MISSILE_CLASSES
    if generic.weapon_class == "mixed":
        return True
    return generic.weapon_class == specific.weapon_class


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
    return lists


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
    elif left is not None:
        measure = left
    else:
        measure = _passive_later(after)
    for count in items:
        count.measure = count.fixed_measure or measure
        if count.kind in ("all", "anaphor") and count.measure in ("intercepted", "ew_lost"):
            count.extra = ["launched"] if count.kind == "all" else []
    # "around 650 drones and 50 missiles", "all eight Kalibr missiles and 15 Shahed drones": a
    # qualifier or "all" on the first of two counts covers the second.
    plain = [c for c in items if c.kind in ("plain", "all")]
    if len(plain) == 2 and len(items) == 2 and " and " in text[plain[0].phrase_end : plain[1].phrase_start]:
        first, second = plain
        if first.is_digits and second.is_digits and first.qualifier and not second.qualifier:
            second.qualifier = first.qualifier
        if first.kind == "all" and second.kind == "plain":
            second.kind = "all"
            second.extra = list(first.extra)


def _left_trigger(text: str, start: int, previous: list[Count]) -> str | None:
    before = text[:start]
    # "55 air attack means were shot down: 40 Shahed drones and 15 cruise missiles" breaks a
    # count down: the list after the colon has the measure of the count before it.
    if regex.search(r":\s*\Z", before) and previous and previous[-1].measure:
        return previous[-1].measure
    # Searched in the whole sentence so that look-aheads ("down 16 drones") see past the count.
    found = [t for t in patterns.triggers().finditer(text) if t.end() <= start]
    for trigger in reversed(found):
        if patterns.BOUNDARY.search(before[trigger.end() :]):
            return None
        if WEAK_TRIGGERS.match(trigger.group()) and trigger.group().lower().startswith("includ"):
            # "used nearly 550 air weapons, including more than 330 attack drones"
            earlier = [c for c in previous if c.phrase_end <= trigger.start() and c.measure]
            return earlier[-1].measure if earlier else "launched"
        return trigger.lastgroup
    return None


def _passive_later(after: str) -> str | None:
    """ "60 Russian cruise missiles, including air-launched Kh-101 …, were shot down"."""
    for trigger in patterns.triggers().finditer(after):
        if patterns.BOUNDARY.search(after[: trigger.start()]) or WEAK_TRIGGERS.match(trigger.group()):
            return None
        if regex.search(rf"{patterns.AUXILIARY}\s+(?:\w+\s+)?\Z", after[: trigger.start()], flags=regex.I):
            return trigger.lastgroup
        return None
    return None


def resolve_weapons(text: str, counts: list[Count], state: SegmentState) -> list[Weapon]:
    """Weapons for bare counts and "of which" from the phrase named just before."""
    # The phrase scan is the costliest pattern: sentences that name no weapon skip it.
    scan = patterns.noun_phrase_anywhere().finditer(text) if WEAPON_WORD.search(text) else ()
    phrases = [(m.start(), weapons.classify(m.group("np"))) for m in scan]
    named = [(s, w) for s, w in phrases if w is not None]
    for index, count in enumerate(counts):
        if count.weapon is not None:
            continue
        if count.kind == "of_which" or OF_WHICH_BEFORE.search(text, 0, count.phrase_start):
            # "The drones were launched from Kursk, and 50 of them were destroyed": no count
            # before, so the phrase named before
            named_before = [w for s, w in named if s < count.start]
            # "Russia launched 51 drones. Air defences downed 40 of them.": the article's last count
            previous = [c.weapon for c, _ in state.counts if c.weapon is not None]
            count.weapon = (
                _head_count(text, counts[:index], count)
                or (named_before[-1] if named_before else None)
                or (previous[-1] if previous else None)
            )
            continue
        if count.kind == "anaphor":
            continue
        before = [w for s, w in named if s < count.start]
        if before:
            count.weapon = before[-1]
        elif state.last_phrases:
            kinds = weapons.combine_classes([w.weapon_class for w in state.last_phrases])
            models = {w.model for w in state.last_phrases}
            if len(state.last_phrases) == 1 or len(models) == 1:
                count.weapon = state.last_phrases[-1]
            elif kinds:
                count.weapon = Weapon(None, kinds, ", ".join(w.text for w in state.last_phrases))
    return [w for _, w in named]


def _head_count(text: str, earlier: list[Count], count: Count) -> Weapon | None:
    """The weapon "which" or "them" refers to: the count just before, except after a breakdown
    ("537 aerial weapons, including 477 drones and 60 missiles, of which 475 were shot down")."""
    earlier = [c for c in earlier if c.weapon is not None and c.kind != "of_which"]
    including = INCLUDING.search(text, earlier[0].phrase_end, count.start) if earlier else None
    if including:
        earlier = [c for c in earlier if c.phrase_end <= including.start()]
    named = [c.weapon for c in earlier if c.weapon is not None]
    if not named:
        return None
    if earlier[-1].value >= count.value or earlier[-1].kind == "anaphor":
        return named[-1]
    # "43 drones and 3 missiles were launched, 38 of them downed": more than the last item, so
    # "them" is the whole list; the count is of its combined class, never split between items
    combined = weapons.combine_classes([w.weapon_class for w in named]) or named[-1].weapon_class
    return Weapon(None, combined, " and ".join(w.text for w in named))


def resolve_anaphor(count: Count, state: SegmentState, current: list[Count]) -> bool:
    """ "all of them", "All the drones were shot down": the count launched just before."""
    candidates = [c for c, _ in state.counts] + [c for c in current if c.phrase_end <= count.phrase_start]
    for earlier in reversed(candidates):
        if earlier.measure != "launched" and "launched" not in earlier.extra:
            continue
        if earlier.weapon is None or (count.weapon is not None and not _fits(count.weapon, earlier.weapon)):
            continue
        count.value = earlier.value
        count.weapon = earlier.weapon
        count.qualifier = earlier.qualifier
        return True
    return False


CLAUSE_BREAK = guard.compile(r";|,\s+(?:while|but|whereas|and)\b|\b(?:while|but|whereas|meanwhile)\b", regex.I)


def _clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


def _clause_end(text: str, position: int, limit: int) -> int:
    found = CLAUSE_BREAK.search(text, position, limit)
    return found.start() if found else limit


def scope_of(text: str, count: Count, next_start: int, state: SegmentState) -> str:
    window = text[count.phrase_end : next_start]
    for pattern in (OBLAST_SCOPE, CITY_SCOPE):
        m = pattern.search(window)
        if m:
            return _scope_name(m)
    # after the count, or fronted at the sentence's start: "In the south, 20 drones were shot down"
    part = PART_OF_COUNTRY.search(window) or PART_OF_COUNTRY.match(text, 0, count.phrase_start)
    if part:
        return "region:" + "+".join(
            regex.sub(r"ern$", "", n.lower()) for n in part.captures("name") + part.captures("more")
        )
    if THE_REGION.search(window) and state.last_oblast:
        return f"oblast:{state.last_oblast}"
    before = text[: count.phrase_start]
    found = list(OBLAST_SCOPE.finditer(before))
    if (
        len(found) == 1
        and not OBLAST_SCOPE.search(text[count.phrase_end :])
        and regex.search(r"\b(?:air\s+defen[cs]es?|command)\b", before, regex.I)
    ):
        return _scope_name(found[0])
    city = CITY_SCOPE.search(text[count.phrase_end :])
    if city and city.group("name").lower() == "capital":
        return "city:Kyiv"
    return "national"


def _scope_name(m: regex.Match[str]) -> str:
    name = m.group("name").lower()
    if m.re is CITY_SCOPE.pattern:
        return "city:Kyiv"
    return f"oblast:{OBLASTS[name]}"


def cue_for(count: Count, cues: list[Cue]) -> Cue | None:
    """The date words nearest to the count in its sentence."""
    if cues:
        return min(cues, key=lambda c: min(abs(c.start - count.start), abs(c.end - count.start)))
    return None


def extract_sentence(
    doc_id: str, sentence: Sentence, text_offset: int, published: str | None, state: SegmentState, group_start: int
) -> tuple[list[Mention], int, list[Cue]]:
    """All mentions of one sentence. Returns them, the last group number used and the date cues."""
    text = sentence.text
    cues = find_cues(text, published)
    if skip_reason(text):
        return [], group_start, cues
    counts = read_counts(text, state, group_start, cues)
    group_end = max([group_start] + [c.group for c in counts])
    phrases = resolve_weapons(text, counts, state)
    done: list[Count] = []
    lists = group_lists(text, counts)
    for index, items in enumerate(lists):
        limit = min(c.phrase_start for c in lists[index + 1]) if index + 1 < len(lists) else len(text)
        assign_measures(text, items, done, max(limit, max(c.phrase_end for c in items)))
        done.extend(items)
    for count in counts:
        if count.kind == "of_which" and count.measure is None:
            right = patterns.RIGHT_TRIGGER.match(text[count.phrase_end :])
            trigger = patterns.triggers().match(text[count.phrase_end :], right.end()) if right else None
            count.measure = trigger.lastgroup if trigger else None
    mentions: list[Mention] = []
    kept: list[Count] = []
    for index, count in enumerate(counts):
        if count.kind == "anaphor" and not resolve_anaphor(count, state, kept):
            continue
        if count.weapon is None or count.measure in (None, "blocked"):
            continue
        kept.append(count)
        next_start = next(
            (c.phrase_start for c in counts[index + 1 :] if c.phrase_start >= count.phrase_end), len(text)
        )
        clause = text[_clause_start(text, count.phrase_start) : _clause_end(text, count.phrase_end, next_start)]
        ukrainian = patterns.ukrainian_sentence().search(clause) or patterns.ukrainian_noun().search(count.weapon.text)
        attacker = "UA" if ukrainian else "RU"
        if attacker == "UA":
            region = RUSSIAN_REGION.search(text, count.phrase_end, next_start)
            scope = f"region:{' '.join(region.group('name').split())}" if region else "national"
        else:
            scope = scope_of(text, count, next_start, state)
        cue = cue_for(count, cues)
        when = cue.when if cue else None
        for measure in [count.measure, *count.extra]:
            mentions.append(
                Mention(
                    doc_id=doc_id,
                    segment=sentence.segment,
                    sentence=sentence.index,
                    measure=measure,
                    value=count.value,
                    qualifier=count.qualifier,
                    weapon=count.weapon,
                    attacker=attacker,
                    scope=scope,
                    raw=count.raw,
                    start=text_offset + count.start,
                    end=text_offset + count.end,
                    attack_date=when.date if when else None,
                    attack_month=when.month if when else None,
                    attack_date_partial=when.partial if when else None,
                    date_text=cue.text if cue else "",
                    group=count.group,
                    evidence=" ".join(text.split()),
                )
            )
        state.counts.append((count, attacker))
    oblasts = [m for m in OBLAST_SCOPE.finditer(text)]
    if oblasts:
        state.last_oblast = OBLASTS[oblasts[-1].group("name").lower()]
    if phrases:
        state.last_phrases = phrases
    return mentions, group_end, cues


def date_pending(mention: Mention) -> bool:
    return mention.attack_date is None and mention.attack_month is None and mention.attack_date_partial is None


def fill_dates(mentions: list[Mention], sentence_cues: dict[int, list[Cue]]) -> list[Mention]:
    """A sentence with no date words takes the article's date: the last one stated before it, or,
    when the article states none before it, the first one after ("… shot down 11 Shaheds. … Overnight
    into February 8, 2024, the enemy launched 17")."""
    filled = []
    for mention in mentions:
        if sentence_cues.get(mention.sentence):
            filled.append(mention)
            continue
        earlier = [s for s in sentence_cues if s < mention.sentence and sentence_cues[s]]
        later = [s for s in sentence_cues if s > mention.sentence and sentence_cues[s]]
        if earlier:
            cue: Cue | None = sentence_cues[max(earlier)][-1]
        elif later:
            cue = sentence_cues[min(later)][0]
        else:
            cue = None
        when = cue.when if cue else UNKNOWN
        filled.append(
            replace(
                mention,
                attack_date=when.date,
                attack_month=when.month,
                attack_date_partial=when.partial,
                date_text=cue.text if cue else "",
            )
        )
    return filled
