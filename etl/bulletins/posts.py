"""A bulletin read whole: its rows of counts per weapon, and its observation records."""

from __future__ import annotations

import regex

from etl import guard
from etl.bulletins.counts import read_counts, units
from etl.bulletins.dates import read_when
from etl.bulletins.grammar import FLAGS, Count, Row, When, normalise, patterns
from etl.records import AIR_FORCE_CHANNEL, AIR_FORCE_OUTLET, Document, Weapon, measure_fields
from etl.tally import MEASURES

AIR_FORCE_POST = guard.compile(rf"https?://(?:www\.)?t\.me/(?:s/)?{AIR_FORCE_CHANNEL}/", regex.I)
# "…, крім того …", "…, а також …": the counting goes on after a report of hits
RESUME = guard.compile(r"[,;]\s+(?:крім\s+того|а\s+також|також)\b", FLAGS)


def read_post(document: Document) -> tuple[When, str | None, list[Row]]:
    """The post's night or day, its 'as of' time and its rows of counts."""
    text = normalise(document.text)
    p = patterns()
    own = from_the_air_force(document)
    when = read_when(text, document.published)
    as_of = p["as_of"].search(text)
    rows: dict[tuple[str, str | None], Row] = {}
    last: list[Weapon] = []
    before: list[Weapon] = []  # the weapons the last counting unit launched
    header = None
    all_units = units(text)
    headline = _headline(text, all_units)
    # the headline last: it only adds what the body does not state
    ordered = [u for u in all_units if u != headline] + ([headline] if headline else [])
    for start, end, bullet in ordered:
        counts = []
        # the unit's weapons join those named before only if the unit is kept: a skipped total
        # ("за тиждень … 60 ракет") must not lend its weapon to a later bare count
        named = list(last)
        hits = list(p["measure"].finditer(text, start, end))
        for part_start, part_end in _clauses_without_hits(text, start, end, hits):
            # most units are one part: its measure words are the unit's, found once
            within = (
                hits if (part_start, part_end) == (start, end) else p["measure"].finditer(text, part_start, part_end)
            )
            verbs = [m for m in within if m.lastgroup != "stop"]
            measure = verbs[0].lastgroup if verbs else (header if bullet else None)
            if not bullet and text[start:end].rstrip().endswith(":"):
                header = measure
            if measure is None:
                continue
            found = read_counts(text, part_start, part_end, measure, named, verbs)
            every = p["all"].search(text, part_start, part_end)
            if not found and measure in ("intercepted", "not_reached") and every:
                # "Усі ворожі БпЛА знищено": the launch count (a plural with no "all" states none)
                found = _all_of(text[part_start:part_end], part_start, measure, rows, named)
            elif not found and measure == "not_reached" and not p["some"].search(text, part_start, part_end):
                # "ворожі ракети цілей не досягли" right after "двома … ракетами «Онікс»": all of them,
                # but only when the sentence before named one weapon of that kind
                found = _all_of(text[part_start:part_end], part_start, measure, rows, named)
                found = [c for c in found if c.weapon in before] if len(set(before)) == 1 else []
            counts += found
        if counts and (_out_of_scope(text[start:end]) or (not own and _one_place(text, start, end))):
            continue  # news in Ukrainian counting no one attack on Ukraine, or one place's share of it
        last[:] = named
        if counts:
            before = [c.weapon for c in counts if c.measure == "launched"]
        for count in counts:
            count.headline = (start, end, bullet) == headline
            _add(rows, count)
            if count.measure == "launched" or not last or last[-1] != count.weapon:
                last.append(count.weapon)
    return when, (f"{int(as_of.group('h')):02d}:{as_of.group('m')}" if as_of else None), list(rows.values())


def _out_of_scope(unit: str) -> bool:
    """A sentence of news in Ukrainian that counts no one attack on Ukraine: a total, the front's
    losses, another attacker's strikes or claims, a forecast; not "the largest attack since the
    start of the invasion: 728 drones". Asked only of a sentence holding counts, and each cue only
    of one holding a word of it (the words by `in` in the folded sentence: the posts' emoji send
    guard.Folded to `regex`, which cost a tenth of a post's time)."""
    p = patterns()
    folded = unit.casefold()
    if not any(word in folded for word in p["out_of_scope_words"]):
        return False  # most sentences
    for group, needs, cue in p["out_of_scope"]:
        if not any(word in folded for word in needs):
            continue
        m = cue.search(unit)
        if m and not (group == "total" and p["superlative"].search(unit, 0, m.start())):
            return True
    return False


def _one_place(text: str, start: int, end: int) -> bool:
    """A sentence of news in Ukrainian that counts weapons at one city ("атакувала Одесу 20
    дронами"), not at Ukraine as a whole: one city's share of a raid, which this grammar, whose rows
    are a raid's, does not read (uk.yaml, places: why cities and not oblasts)."""
    p = patterns()
    return bool(p["place"].search(text, start, end)) and not p["ukraine"].search(text, start, end)


def _clauses_without_hits(text: str, start: int, end: int, hits: list[regex.Match[str]]) -> list[tuple[int, int]]:
    """The parts of a unit that count weapons, given its measure words: a report of hits or debris
    ("Зафіксовано влучання …") runs to the next clause ("…, крім того дві … ракети не досягли цілі")."""
    parts, cursor = [], start
    for hit in hits:
        if hit.lastgroup != "stop" or hit.start() < cursor:
            continue
        parts.append((cursor, hit.start()))
        resume = RESUME.search(text, hit.end(), end)
        cursor = resume.end() if resume else end
    parts.append((cursor, end))
    return [(s, e) for s, e in parts if e > s and text[s:e].strip()]


def _headline(text: str, found: list[tuple[int, int, bool]]) -> tuple[int, int, bool] | None:
    """The post's first line when it shouts its result ("⚡️ ЗБИТО/ПОДАВЛЕНО 95 ВОРОЖИХ БПЛА")."""
    if not found:
        return None
    first = text[found[0][0] : found[0][1]]
    letters = [c for c in first if c.isalpha()]
    return found[0] if letters and sum(c.isupper() for c in letters) > 0.7 * len(letters) else None


def _all_of(unit: str, start: int, measure: str, rows: dict, last: list[Weapon]) -> list[Count]:
    """ "Усі ворожі БпЛА знищено", "Усі цілі було збито", "цілей не досягли": the launch count."""
    head = patterns()["head"].search(unit)
    wanted = head.lastgroup if head else (last[-1].weapon_class if last else None)
    found = []
    for row in rows.values():
        launched = row.values.get("launched")
        if launched and (
            wanted == "mixed"
            or row.weapon.weapon_class == wanted
            or (wanted == "missile" and "missile" in row.weapon.weapon_class)
        ):
            found.append(
                Count(measure, launched.value, launched.qualifier, row.weapon, "усі", start, start + len(unit), unit)
            )
    if wanted != "mixed" and len(found) > 1:
        found = found[-1:]
    return found


def _add(rows: dict[tuple[str, str | None], Row], count: Count) -> None:
    weapon = count.weapon
    if weapon.weapon_class in ("cruise_missile", "ballistic_missile", "missile") and weapon.model is None:
        # "одну ракету … перехопити" after "трьома балістичними ракетами Іскандер-М": the one type
        typed = [r for r in rows.values() if r.weapon.weapon_class in ("cruise_missile", "ballistic_missile")]
        same = [r for r in typed if weapon.weapon_class in ("missile", r.weapon.weapon_class)]
        generic = ("missile", None) in rows
        one_class = len({r.weapon.weapon_class for r in same}) == 1
        if not generic and count.measure != "launched" and same and one_class:
            free = [r for r in same if count.measure not in r.values]
            if free:
                free[0].values[count.measure] = count
                return
    key = (weapon.weapon_class, weapon.model)
    if count.headline and any(
        c.value == count.value for r in rows.values() for c in r.values.values() if c.measure == count.measure
    ):
        return  # "ЗБИТО/ПОДАВЛЕНО 95 ЦІЛЕЙ" over a body whose drones are the 95
    row = rows.setdefault(key, Row(weapon))
    if count.headline and count.measure in row.values and row.values[count.measure].raw != "усі":
        body = row.values[count.measure]
        if body.value != count.value:
            # the headline and the body disagree: the body's figure stands, the mismatch is flagged
            row.problems.append(f"headline says {count.measure} {count.value}, body {body.value}")
        return
    existing = row.values.get(count.measure)
    # an explicit figure over one read from "Усі …" (all of them), a body figure over the headline
    if existing is None or existing.headline or (existing.raw == "усі" and count.raw != "усі"):
        row.values[count.measure] = count


def from_the_air_force(document: Document) -> bool:
    """The Air Force's own post: from its channel (a Telegram export, a link to a post) or with no
    address or outlet, as the bundled and labelled posts are. A page of a news site in Ukrainian,
    or a record credited to another outlet, is news: its counts do not outrank the other reports as
    a bulletin's do (etl/reconcile.py)."""
    if document.url:
        return AIR_FORCE_POST.match(document.url) is not None
    return document.outlet in (None, AIR_FORCE_OUTLET)


def records(document: Document) -> list[dict]:
    """The post's observation records, in the observations table's columns."""
    when, as_of, rows = read_post(document)
    text = normalise(document.text)
    correction = bool(patterns()["correction"].search(text))
    own = from_the_air_force(document)
    air_force = own or bool(patterns()["air_force"].search(text))
    out = []
    for row in rows:
        counts = [c for c in row.values.values()]
        if not any(m in row.values for m in MEASURES) and "not_reached" not in row.values:
            continue
        first = min(counts, key=lambda c: c.start)
        record = {
            "doc_id": document.doc_id,
            "segment": 0,
            "published": document.published,
            "attack_date": when.attack_date,
            "attack_month": when.month,
            "attack_date_partial": when.partial,
            "raid": when.period,
            "attacker": "RU",
            "scope": "national",
            "weapon": row.weapon.model or row.weapon.weapon_class,
            "weapon_class": row.weapon.weapon_class,
            "weapon_text": row.weapon.text,
        }
        record.update(measure_fields(row.values))
        not_reached = row.values.get("not_reached")
        record.update(
            date_text=when.text or None,
            date_basis="text",
            text_attack_date=when.attack_date or when.partial or when.month,
            page_published=document.published,
            air_force=air_force,
            evidence=" … ".join(
                dict.fromkeys(" ".join(c.evidence.split()) for c in sorted(counts, key=lambda c: c.start))
            ),
            span_start=first.start,
            span_end=first.end,
            url=document.url,
            outlet=document.outlet,
            title=document.title,
            source_type="bulletin" if own else "news",
            window_start=when.window_start,
            window_end=when.window_end,
            as_of=as_of,
            not_reached=not_reached.value if not_reached else None,
            correction=correction,
            problems="; ".join(row.problems) or None,
        )
        if record["launched"] is None and record["intercepted"] is None and record["ew_lost"] is None:
            continue
        out.append(record)
    return out
