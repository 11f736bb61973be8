"""Document → mentions → observations: one row per document × attack × weapon.

`observe(document)` is a pure function of one document (its text and metadata), so that it can run
unchanged in other processes or on a distributed engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from etl import attribute, extract, guard, patterns, segment
from etl.records import MEASURES, Document, Mention, Weapon
from etl.weapons import MISSILE_CLASSES

# A figure the text attributes to Ukraine's Air Force (or its spokesmen), preferred in reconciliation.
AIR_FORCE = guard.compile(r"\bair\s+force\b|\bkpszsu\b|\b(?:Ihnat|Ignat|Oleshchuk|Khryvtsov)\b", regex.I)


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


def mentions_of(document: Document) -> list[Mention]:
    if not patterns.weapon_word().search(document.text):
        return []
    found: list[Mention] = []
    group = 0
    for seg in segment.segment(document):
        seg_text = document.text[seg.start : seg.end]
        if extract.segment_is_foreign(seg_text):
            continue
        state = extract.SegmentState()
        seg_mentions: list[Mention] = []
        cues = {}
        texts = {}
        for sentence in segment.sentences(document, seg):
            mentions, group, sentence_cues = extract.extract_sentence(
                document.doc_id, sentence, sentence.start, seg.published, state, group
            )
            cues[sentence.index] = sentence_cues
            texts[sentence.index] = sentence.text
            seg_mentions.extend(mentions)
        dated = extract.fill_dates(seg_mentions, cues)
        found.extend(drop_breakdowns(attribute.local_sources(dated, texts)))
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
        for mention in group:
            target.mentions.append(mention)
            target.values.setdefault(mention.measure, mention)
            if (
                target.weapon.model is None
                and mention.weapon.model
                and mention.weapon.weapon_class == target.weapon.weapon_class
            ):
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
            "attacker": row.attacker,
            "scope": row.scope,
            "weapon": row.weapon.model or row.weapon.weapon_class,
            "weapon_class": row.weapon.weapon_class,
            "weapon_text": row.weapon.text,
        }
        for measure in MEASURES:
            mention = row.values.get(measure)
            record[measure] = mention.value if mention else None
            record[f"{measure}_qualifier"] = mention.qualifier if mention else None
            record[f"{measure}_text"] = mention.raw if mention else None
            record[f"{measure}_span"] = f"{mention.start}:{mention.end}" if mention else None
        record.update(
            date_text=next((m.date_text for m in ordered if m.date_text), None),
            date_basis="text",
            text_attack_date=row.attack_date or row.attack_date_partial or row.attack_month,
            page_published=document.published,
            air_force=any(AIR_FORCE.search(m.evidence) for m in ordered),
            evidence=" … ".join(sentences),
            span_start=first.start,
            span_end=first.end,
            url=document.url,
            outlet=document.outlet,
            title=document.title,
        )
        records.append(record)
    return records
