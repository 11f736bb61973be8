"""Who a count is about and where: Russia attacking Ukraine (RU) or Russia's claim about Ukrainian
drones (UA), and national scope or one city, oblast or part of the country. A city or oblast count
is a breakdown, dropped when the article gives the national one (observe.drop_breakdowns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from etl import guard, patterns

if TYPE_CHECKING:
    from etl.extract import Count, SegmentState

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


CLAUSE_BREAK = guard.compile(r";|,\s+(?:while|but|whereas|and)\b|\b(?:while|but|whereas|meanwhile)\b", regex.I)


def _clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


def _clause_end(text: str, position: int, limit: int) -> int:
    found = CLAUSE_BREAK.search(text, position, limit)
    return found.start() if found else limit


def attacker_of(text: str, count: Count, next_start: int) -> str:
    """UA when the count's clause is Russia's claim about Ukrainian drones or missiles."""
    clause = text[_clause_start(text, count.phrase_start) : _clause_end(text, count.phrase_end, next_start)]
    weapon_text = count.weapon.text if count.weapon else ""
    ukrainian = patterns.ukrainian_sentence().search(clause) or patterns.ukrainian_noun().search(weapon_text)
    return "UA" if ukrainian else "RU"


def last_oblast(text: str) -> str | None:
    found = list(OBLAST_SCOPE.finditer(text))
    return OBLASTS[found[-1].group("name").lower()] if found else None


def scope_of(text: str, count: Count, next_start: int, state: SegmentState, attacker: str = "RU") -> str:
    if attacker == "UA":
        region = RUSSIAN_REGION.search(text, count.phrase_end, next_start)
        return f"region:{' '.join(region.group('name').split())}" if region else "national"
    window = text[count.phrase_end : next_start]
    for pattern in (OBLAST_SCOPE, CITY_SCOPE):
        m = pattern.search(window)
        if m:
            return _scope_name(m)
    # after the count, or fronted at the sentence's start: "In the south, 20 drones were shot down"
    part = PART_OF_COUNTRY.search(window) or PART_OF_COUNTRY.match(text, 0, count.phrase_start)
    names = [regex.sub(r"ern$", "", n.lower()) for n in part.captures("name") + part.captures("more")] if part else []
    # one or two parts of the country are a breakdown; "the north, south and east" is the whole
    if 0 < len(names) < 3:
        return "region:" + "+".join(names)
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
