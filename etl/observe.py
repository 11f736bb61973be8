"""Document → mentions → observations: one row per document × attack × weapon.

`observe(document)` is a pure function of one document (its text and metadata), so that it can run
unchanged in other processes or on a distributed engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from etl import attribute, guard, parse, patterns, resolve_dates, segment, tally, vocabulary
from etl.records import Document, Mention, SegmentState, Weapon, measure_fields
from etl.weapons import MISSILE_CLASSES

# (run only over a sentence holding one of its words: most hold none)
DAYTIME = guard.compile(tally.DAYTIME, regex.I, needs="|".join(vocabulary.load("dates.yaml")["daytime_words"]))
# A figure the text attributes to Ukraine's Air Force (or its spokesmen), preferred in reconciliation.
AIR_FORCE_WORDS = "force|kpszsu|ihnat|ignat|oleshchuk|khryvtsov"  # one is in every match: most sentences hold none
AIR_FORCE = guard.compile(
    r"\bair\s+force\b|\bkpszsu\b|\b(?:Ihnat|Ignat|Oleshchuk|Khryvtsov)\b", regex.I, needs=AIR_FORCE_WORDS
)


@dataclass
class Row:
    doc_id: str
    segment: int
    attacker: str
    scope: str
    attack_date: str | None
    attack_month: str | None
    attack_date_partial: str | None
    weapon: Weapon
    values: dict[str, Mention] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def when(self) -> tuple[str | None, str | None, str | None]:
        return self.attack_date, self.attack_month, self.attack_date_partial


def mentions_of(document: Document, dropped: list[tuple[str, Mention]] | None = None) -> list[Mention]:
    """Every count of the document as a mention. `dropped`, when given, collects the mentions that
    a later rule set aside, with the rule's name (for `evaluate --details`)."""
    if not patterns.names_weapon(document.text):
        return []
    found: list[Mention] = []
    group = 0
    for seg in segment.segment(document):
        seg_text = document.text[seg.start : seg.end]
        if parse.segment_is_foreign(seg_text):
            continue
        state = SegmentState()
        seg_mentions: list[Mention] = []
        cues = {}
        texts = {}
        published = resolve_dates.dateline(seg_text, seg.published) or seg.published
        for sentence in segment.sentences(document, seg):
            mentions, group, sentence_cues = parse.extract_sentence(
                document.doc_id, sentence, sentence.start, published, state, group
            )
            cues[sentence.index] = sentence_cues
            texts[sentence.index] = sentence.text
            seg_mentions.extend(mentions)
        if not seg_mentions:
            continue  # nothing to date or attribute
        found_cues = resolve_dates.SentenceCues(texts, published, cues)
        attributed = attribute.local_sources(resolve_dates.fill_dates(seg_mentions, found_cues, texts), texts)
        whole = drop_breakdowns(attributed)
        kept = drop_rounded(whole)
        if dropped is not None:
            dropped += [
                ("observe.drop_breakdowns: a place's share of a national count", m)
                for m in attributed
                if m not in whole
            ]
            dropped += [
                ("observe.drop_rounded: a rounded restatement of an exact figure", m) for m in whole if m not in kept
            ]
        found.extend(kept)
    return found


def drop_breakdowns(mentions: list[Mention]) -> list[Mention]:
    """A city or oblast count is kept only when the article gives no national count of the same
    weapon class and measure for that attack: otherwise it is a breakdown of the national one. A
    local authority's own count (the Kyiv City Military Administration's, a governor's) is kept."""
    national = {
        (m.attacker, m.weapon.weapon_class, m.measure, m.attack_date or m.attack_date_partial)
        for m in mentions
        if m.scope == "national"
    }
    return [
        m
        for m in mentions
        if m.scope == "national"
        or m.local_source
        or (m.attacker, m.weapon.weapon_class, m.measure, m.attack_date or m.attack_date_partial) not in national
    ]


def _compatible(a: Weapon, b: Weapon) -> bool:
    if a.model and b.model:
        return a.model == b.model
    if a.weapon_class == b.weapon_class:
        return True
    # "32 drones … shot down" restated as "destroyed 32 aerial targets"
    if "mixed" in {a.weapon_class, b.weapon_class} and not (a.model and b.model):
        return True
    return bool({a.weapon_class, b.weapon_class} <= MISSILE_CLASSES and "missile" in {a.weapon_class, b.weapon_class})


def observe(document: Document) -> list[Row]:
    """Mentions merged into rows. A count joins the row of the same attack and weapon whose slot for
    its measure is free or already holds the same value (a restatement); a generic "drones" or
    "missiles" count joins a named model's row when it restates one of that row's values."""
    rows: list[Row] = []
    mentions = mentions_of(document)
    groups: dict[int, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.group, []).append(mention)
    for group in sorted(groups.values(), key=lambda g: min(m.start for m in g)):
        first = group[0]
        target = _choose_row(rows, group)
        if target is None:
            target = Row(
                first.doc_id,
                first.segment,
                first.attacker,
                first.scope,
                first.attack_date,
                first.attack_month,
                first.attack_date_partial,
                first.weapon,
            )
            rows.append(target)
        covered = {m.measure for m in group}
        for mention in group:
            target.mentions.append(mention)
            target.values.setdefault(mention.measure, mention)
            # a more precise name restating every figure of the row names the row; one restating a
            # part of it ("34 cruise missiles" of "81 missiles … 34 shot down") does not
            if _more_specific(mention.weapon, target.weapon) and set(target.values) <= covered:
                target.weapon = mention.weapon
    return rows


def _choose_row(rows: list[Row], group: list[Mention]) -> Row | None:
    first = group[0]
    same_attack = [
        r
        for r in rows
        if (r.segment, r.attacker, r.scope, r.when)
        == (
            first.segment,
            first.attacker,
            first.scope,
            (first.attack_date, first.attack_month, first.attack_date_partial),
        )
    ]
    fits = [
        r
        for r in same_attack
        if all(r.values.get(m.measure) is None or r.values[m.measure].value == m.value for m in group)
    ]
    exact = [r for r in fits if _weapon_key(r.weapon) == _weapon_key(first.weapon)]
    restated = [r for r in fits if _compatible(r.weapon, first.weapon) and any(m.measure in r.values for m in group)]
    if restated:
        return restated[0]
    if exact:
        return exact[0]
    # "60 Shahed drones … neutralised 40 drones": the attack's only row of that class. A generic
    # "missiles" count is never folded into one missile type's row: that would state a type.
    same_class = [
        r
        for r in fits
        if r.weapon.weapon_class == first.weapon.weapon_class
        and (r.weapon.model is None) != (first.weapon.model is None)
    ]
    classes = [r for r in same_attack if r.weapon.weapon_class == first.weapon.weapon_class]
    return same_class[0] if len(same_class) == 1 and len(classes) == 1 else None


def _same_kind(a: Weapon, b: Weapon) -> bool:
    """Of one class (a model and its class, or a missile type and "missiles"); never "air weapons"
    against "drones", which are a total and its part."""
    if a.model and b.model:
        return a.model == b.model
    return a.weapon_class == b.weapon_class or ({a.weapon_class, b.weapon_class} <= MISSILE_CLASSES)


def _specificity(weapon: Weapon) -> int:
    if weapon.model:
        return 3
    return {"mixed": 0, "other": 0, "missile": 1}.get(weapon.weapon_class, 2)


def _more_specific(new: Weapon, old: Weapon) -> bool:
    """A restatement that names the weapon more precisely names the row: "a missile" … "one
    Iskander-M ballistic missile"; a model of the row's class ("drones" … "Shahed drones")."""
    if new.model and not old.model:
        return old.weapon_class in (new.weapon_class, "missile", "mixed") or (
            old.weapon_class == "missile" and new.weapon_class in MISSILE_CLASSES
        )
    return _specificity(new) > _specificity(old) and _compatible(old, new)


def drop_rounded(mentions: list[Mention]) -> list[Mention]:
    """A rounded figure next to the exact one is a restatement ("nearly 500" in a headline, 472 in
    the body): dropped when an exact count of the same attack, place, measure and weapon fits it."""
    exact = [m for m in mentions if m.qualifier is None]

    def restates(rounded: Mention, precise: Mention) -> bool:
        same = (rounded.attacker, rounded.scope, rounded.measure, _date_key(rounded)) == (
            precise.attacker,
            precise.scope,
            precise.measure,
            _date_key(precise),
        )
        if not same or not _same_kind(rounded.weapon, precise.weapon) or precise.value == rounded.value:
            return False
        low, high = ROUNDING[rounded.qualifier or ""]
        return low * rounded.value <= precise.value <= high * rounded.value

    return [m for m in mentions if m.qualifier is None or not any(restates(m, e) for e in exact)]


# How far an exact figure may lie from a rounded one that restates it, per qualifier.
ROUNDING = {"lower_bound": (1.0, 1.25), "upper_bound": (0.75, 1.0), "approximate": (0.85, 1.15)}


def _date_key(mention: Mention) -> str | None:
    return mention.attack_date or mention.attack_date_partial or mention.attack_month


def _weapon_key(weapon: Weapon) -> tuple[str | None, str]:
    return weapon.model, weapon.weapon_class


def to_records(document: Document, rows: list[Row]) -> list[dict]:
    records = []
    for row in rows:
        ordered = sorted(row.mentions, key=lambda m: m.start)
        first = ordered[0]
        sentences = list(dict.fromkeys(m.evidence for m in ordered))
        record = {
            "doc_id": row.doc_id,
            "segment": row.segment,
            "published": document.published if row.segment == 0 else None,
            "attack_date": row.attack_date,
            "attack_month": row.attack_month,
            "attack_date_partial": row.attack_date_partial,
            "raid": "day" if any(DAYTIME.search(sentence) for sentence in sentences) else "night",
            "attacker": row.attacker,
            "scope": row.scope,
            "weapon": row.weapon.model or row.weapon.weapon_class,
            "weapon_class": row.weapon.weapon_class,
            "weapon_text": row.weapon.text,
        }
        record.update(measure_fields(row.values))
        record.update(
            date_text=next((m.date_text for m in ordered if m.date_text), None),
            date_basis="text",
            text_attack_date=row.attack_date or row.attack_date_partial or row.attack_month,
            page_published=document.published,
            air_force=any(AIR_FORCE.search(sentence) for sentence in sentences),
            evidence=" … ".join(sentences),
            span_start=first.start,
            span_end=first.end,
            url=document.url,
            outlet=document.outlet,
            title=document.title,
            source_type="news",
            window_start=None,
            window_end=None,
            as_of=None,
            not_reached=None,
            correction=False,
            problems=None,
        )
        records.append(record)
    return records
