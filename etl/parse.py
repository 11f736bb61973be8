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

import dataclasses
import itertools
from collections.abc import Callable
from functools import lru_cache

import regex

from etl import attribute, guard, measure, numbers, patterns, weapons
from etl.readers import fits, read_counts
from etl.records import Count, Mention, SegmentState, Sentence, Weapon
from etl.resolve_dates import Cue, find_cues

# "Poland scrambled jets after Russia launched 500 drones at Ukraine": another country named, but
# the count is of the attack on Ukraine.
UKRAINE_TARGET = guard.compile(
    r"\b(?:at|on|against|across|over|into)\s+(?:the\s+)?(?:ukraine|kyiv|kiev)\b(?!['’]s\s+(?:neighbou?r|border))"
    r"|\bukrainian\s+(?:air\s+force|air\s+defen[cs]es?|cities|territory|regions)",
    regex.I,
)
UKRAINE = guard.compile(patterns.words("ukraine"), regex.I)
OF_WHICH_BEFORE = guard.compile(r"\b(?:out\s+)?of\s+(?:which|them|these|those)\s*,?\s*\Z", regex.I)
INCLUDING = guard.compile(r"\bincluding\b", regex.I)
MINISTRY = guard.compile(r"\bministry\b", regex.I)


def skip_reason(text: str, dated: bool | Callable[[], bool] = False) -> str | None:
    """Why a sentence holds no attack count on Ukraine, if it does not. `dated`: the sentence names
    the day of what it reports ("This year, the biggest was 81 missiles on March 9" is one attack);
    a function is asked only when the answer matters (finding the date cues is costly)."""
    if not patterns.names_cue(text):
        return None  # every reason below starts from one of these cues
    if patterns.cue_in("retracted", text):
        return "retracted"
    if patterns.cue_in("hypothetical", text):
        return "hypothetical"
    if patterns.cue_in("foreign", text) and not UKRAINE_TARGET.search(text):
        return "foreign"
    if patterns.single_attack().search(text) or (
        patterns.superlative().search(text) and (dated() if callable(dated) else dated)
    ):
        return None
    for cue in patterns.compiled_cues("total").finditer(text):
        # "the single largest launch since the start of the invasion" is one attack.
        if not patterns.superlative().search(text[max(0, cue.start() - 90) : cue.start()]):
            return "total"
    return None


def segment_is_foreign(text: str) -> bool:
    return patterns.cue_in("foreign", text) and not UKRAINE.search(text)


def named_phrases(text: str, before: int | None = None) -> list[tuple[int, Weapon]]:
    """Every weapon noun phrase of a sentence with its offset (those starting before `before`, if
    given). The costliest pattern: it runs only for a sentence whose counts need it, or when a later
    sentence needs the weapon named last."""
    if not patterns.names_weapon(text):
        return []
    starts = itertools.takewhile(
        lambda m: before is None or m.start() < before, patterns.noun_phrase_anywhere().finditer(text)
    )
    found = [(m.start(), weapons.classify(m.group("np"))) for m in starts]
    return [(s, w) for s, w in found if w is not None]


def last_phrases(state: SegmentState) -> list[Weapon]:
    """The weapons named by the latest earlier sentence that names any ("Russia sent Gerberas
    overnight. Air defences downed 30 …")."""
    while state.phrase_texts:
        phrases = [w for _, w in named_phrases(state.phrase_texts[-1])]
        if phrases:
            state.phrase_texts = [state.phrase_texts[-1]]
            return phrases
        state.phrase_texts.pop()
    return []


def resolve_weapons(text: str, counts: list[Count], state: SegmentState) -> None:
    """Weapons for bare counts and "of which" from the phrase named just before."""
    bare = [c.start for c in counts if c.weapon is None]
    # only a phrase before a bare count can lend it its weapon: the scan stops at the last one
    named = named_phrases(text, max(bare)) if any(c.weapon is None and c.kind != "anaphor" for c in counts) else []
    for index, count in enumerate(counts):
        if count.weapon is not None:
            continue
        if count.kind == "of_which" or OF_WHICH_BEFORE.search(text, 0, count.phrase_start):
            # "The drones were launched from Kursk, and 50 of them were destroyed": no count
            # before, so the phrase named before
            named_before = [w for s, w in named if s < count.start]
            # "Russia launched 51 drones. Air defences downed 40 of them.": the last sentence's count,
            # or its whole list when the share is larger than its last item ("598 drones and 31
            # missiles. Of them, 550 were shot down": drones and missiles together)
            count.weapon = _head_count(text, counts[:index], count) or (named_before[-1] if named_before else None)
            if count.weapon is None:
                count.weapon = _previous_list(state.last_counts, count)
                # "52 drones were sent towards Odesa. Of them, 47 were destroyed": the share was
                # counted where its whole was, unless it names a place of its own
                count.scope = _shared_scope(state.last_counts, count) if count.weapon else None
            continue
        if count.kind == "anaphor":
            continue
        before = [w for s, w in named if s < count.start]
        if before:
            count.weapon = before[-1]
            # "Russia launched 40 drones at Kharkiv overnight; 35 were shot down": of that whole
            count.whole = next((c for c in reversed(counts[:index]) if c.weapon == before[-1]), None)
        elif earlier := last_phrases(state):
            kinds = weapons.combine_classes([w.weapon_class for w in earlier])
            models = {w.model for w in earlier}
            if len(earlier) == 1 or len(models) == 1:
                count.weapon = earlier[-1]
            elif kinds:
                count.weapon = Weapon(None, kinds, ", ".join(w.text for w in earlier))


def _shared_scope(earlier: list[Count], share: Count) -> str | None:
    """The one place where the counts a share refers to were counted; none when the share is larger
    than they are (then they are not its whole: a count of the sentence was missed)."""
    wholes = [c for c in earlier if c.weapon is not None and c.kind != "of_which"]
    scopes = {c.scope for c in wholes}
    return scopes.pop() if len(scopes) == 1 and share.value <= sum(c.value for c in wholes) else None


def _place_of_whole(count: Count) -> str | None:
    """Where a bare count's whole, earlier in its sentence, was launched, when at one place and at
    least as large as the count."""
    whole = count.whole
    if whole is None or whole.scope in (None, "national") or count.value > whole.value:
        return None
    return whole.scope if whole.measure == "launched" or "launched" in whole.extra else None


def _previous_list(earlier: list[Count], count: Count) -> Weapon | None:
    named = [c for c in earlier if c.weapon is not None and c.kind != "of_which"]
    if not named:
        return None
    if named[-1].value >= count.value or len(named) == 1:
        return named[-1].weapon
    combined = weapons.combine_classes([c.weapon.weapon_class for c in named if c.weapon]) or "mixed"
    return Weapon(None, combined, " and ".join(c.weapon.text for c in named if c.weapon))


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


# "all of which", "all of them", "they were all", "all were": a pronoun, which may stand for a list
PRONOUN_ANAPHOR = guard.compile(
    r"all\s+(?:of\s+)?(?:them|these|those|which)\b|(?:they|these|those)\s+were\s+all\b|all\Z", regex.I
)


def spread_over_list(
    text: str, counts: list[Count], lists: list[list[Count]], group_end: int, previous: list[Count]
) -> tuple[list[Count], int]:
    """ "Russia launched 30 drones and 5 missiles, all of which were destroyed": a pronoun right
    after a list of launched counts of different weapons stands for each of them, one count per
    weapon (each its own group, so each joins its own weapon's row). `previous`: the counts of the
    last sentence that had any. Returns the counts and the group number used last."""
    out: list[Count] = []
    for count in counts:
        if count.kind != "anaphor" or count.weapon is not None or not PRONOUN_ANAPHOR.match(count.raw.strip()):
            out.append(count)
            continue
        before = [items for items in lists if max(c.phrase_end for c in items) <= count.phrase_start]
        # the list just before it, or the last sentence's counts when it opens its own ("… 30 drones
        # and 5 missiles. All of them were shot down.")
        items = before[-1] if before else previous
        launched = [c for c in items if c.weapon is not None and (c.measure == "launched" or "launched" in c.extra)]
        named = {(c.weapon.model, c.weapon.weapon_class) for c in launched if c.weapon is not None}
        gap = text[max(c.phrase_end for c in items) : count.phrase_start] if before else text[: count.phrase_start]
        if (
            len(launched) < 2
            or len(launched) != len(items)
            or len(named) < len(launched)
            or patterns.BOUNDARY.search(gap)
        ):
            out.append(count)
            continue
        for item in launched:
            group_end += 1
            out.append(dataclasses.replace(count, weapon=item.weapon, group=group_end, extra=list(count.extra)))
    return out, group_end


def resolve_anaphor(count: Count, state: SegmentState, current: list[Count]) -> bool:
    """ "all of them", "All the drones were shot down": the count launched just before."""
    candidates = [c for c, _ in state.counts] + [c for c in current if c.phrase_end <= count.phrase_start]
    for earlier in reversed(candidates):
        if earlier.measure != "launched" and "launched" not in earlier.extra:
            continue
        if earlier.weapon is None or (count.weapon is not None and not fits(count.weapon, earlier.weapon)):
            continue
        count.value = earlier.value
        count.weapon = earlier.weapon
        count.qualifier = earlier.qualifier
        count.scope = earlier.scope
        return True
    return False


@lru_cache(maxsize=256)
def _large_numbers(text: str) -> frozenset[int]:
    return frozenset(
        n.value for m in numbers.number_pattern().finditer(text) if (n := numbers.parse(m)) and n.value >= 20
    )


def _national_before(state: SegmentState, current: list[Count]) -> bool:
    earlier = [c for c, _ in state.counts] + current
    return any(c.scope == "national" for c in earlier)


def cue_for(count: Count, cues: list[Cue]) -> Cue | None:
    """The date words nearest to the count in its sentence (a date naming another attack only
    for the counts after it)."""
    cues = [c for c in cues if c.kind != "attributive" or c.start < count.start]
    if cues:
        return min(cues, key=lambda c: min(abs(c.start - count.start), abs(c.end - count.start)))
    return None


def extract_sentence(
    doc_id: str, sentence: Sentence, text_offset: int, published: str | None, state: SegmentState, group_start: int
) -> tuple[list[Mention], int, list[Cue] | None]:
    """All mentions of one sentence. Returns them, the last group number used and the date cues;
    None for the cues of a sentence that gives no count (they are found only if a later sentence of
    the segment gives one and takes its date from them: most sentences of an unrelated article)."""
    text = sentence.text
    found: list[list[Cue]] = []

    def cues_now() -> list[Cue]:
        if not found:
            found.append(find_cues(text, published))
        return found[0]

    reason = skip_reason(text, dated=lambda: any(c.when.date or c.when.partial for c in cues_now()))
    if reason == "total":
        state.total_texts.append(text)
    if reason:
        return [], group_start, found[0] if found else None
    if MINISTRY.search(text) and patterns.ukrainian_sentence().search(text):  # the rare word first
        state.russian_claims = True
    if not state.armed:
        if not patterns.names_weapon(text):
            # no weapon named yet in the segment: no count here has a weapon, by name or by
            # reference to an earlier sentence (the document-level prefilter's reasoning, per
            # sentence); what a later sentence reads from this one is kept
            state.last_oblast = attribute.last_oblast(text) or state.last_oblast
            state.phrase_texts.append(text)
            return [], group_start, None
        state.armed = True
    # the date cues are found only for a sentence with a number (a number inside a date is not a
    # count) and returned only with a count: most armed sentences of an unrelated article have none
    # A count needs a weapon named here ("40 drones", "Of the 90 drones") or a measure word to take
    # one from an earlier sentence ("30 were shot down", "all of them"): a sentence with neither,
    # as most of an unrelated article's, gives none, and its numbers are not read
    if patterns.names_weapon(text) or patterns.trigger_matches(text):
        counts = read_counts(text, state, group_start, cues_now)
    else:
        counts = []
    group_end = max([group_start] + [c.group for c in counts])
    if counts and {c.value for c in counts} & frozenset().union(*map(_large_numbers, state.total_texts)):
        return [], group_end, cues_now()  # restates a period total of an earlier sentence
    resolve_weapons(text, counts, state)
    done: list[Count] = []
    lists = measure.group_lists(text, counts)
    list_end = {id(c): max(i.phrase_end for i in items) for items in lists for c in items}
    for index, items in enumerate(lists):
        limit = min(c.phrase_start for c in lists[index + 1]) if index + 1 < len(lists) else len(text)
        measure.assign_measures(text, items, done, max(limit, max(c.phrase_end for c in items)))
        done.extend(items)
    for count in counts:
        if count.kind == "of_which" and count.measure is None:
            right = patterns.RIGHT_TRIGGER.match(text[count.phrase_end :])
            trigger = patterns.triggers().match(text[count.phrase_end :], right.end()) if right else None
            count.measure = trigger.lastgroup if trigger else None
    counts, group_end = spread_over_list(text, counts, lists, group_end, state.last_counts)
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
        attacker = attribute.attacker_of(text, count, next_start, state.russian_claims)
        if attacker == "RU" and patterns.claims_only(count.weapon):
            kept.remove(count)
            continue  # "22 multiple launch rocket system shells", "six uncrewed boats": no Russian attack's
        scope = attribute.scope_of(text, count, next_start, state, attacker, list_end.get(id(count)))
        if count.kind == "anaphor" and count.scope not in (None, "national"):
            scope = count.scope
        elif scope == "national" and count.scope not in (None, "national"):
            scope = count.scope  # a share of a whole counted in one place (resolve_weapons)
        elif scope == "national" and (place := _place_of_whole(count)):
            scope = place
        elif count.kind in ("of_which", "of_the") and scope != "national" and _national_before(state, kept):
            kept.remove(count)
            continue  # "four of them over Odesa": a breakdown of the national count before it
        count.scope = scope
        cue = cue_for(count, cues_now())
        when = cue.when if cue else None
        for measured in [count.measure, *count.extra]:
            mentions.append(
                Mention(
                    doc_id=doc_id,
                    segment=sentence.segment,
                    sentence=sentence.index,
                    measure=measured,
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
    if kept:
        state.last_counts = list(kept)
    state.last_oblast = attribute.last_oblast(text) or state.last_oblast
    state.phrase_texts.append(text)
    return mentions, group_end, (cues_now() if counts else found[0] if found else None)
