"""Who a count is about and where: Russia attacking Ukraine (RU) or Russia's claim about Ukrainian
drones (UA), and national scope or one city, oblast or part of the country. A city or oblast count
is a breakdown, dropped when the article gives the national one (observe.drop_breakdowns)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from etl import guard, patterns, vocabulary
from etl.records import Count, Mention, SegmentState


@cache
def places() -> dict:
    return vocabulary.load("places.yaml")


@cache
def place_names() -> dict[str, tuple[str, str]]:
    """Every spelling of a place → (kind, name): ("oblast", "Odesa"), ("city", "Kryvyi Rih")."""
    names: dict[str, tuple[str, str]] = {}
    for name, aliases in places()["oblasts"].items():
        for alias in aliases:
            names[alias] = ("oblast", name)
    for name, entry in places()["cities"].items():
        for alias in entry["aliases"]:
            names[alias] = ("city", name)
    return names


def _place(alias: str) -> tuple[str, str] | None:
    return place_names().get(" ".join(alias.lower().split()))


_PLACE_NAMES = "|".join(regex.escape(a).replace(r"\ ", r"\s+") for a in sorted(place_names(), key=len, reverse=True))
_CAPITAL = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in places()["capital"])


# One named oblast as the place of a count ("over Mykolaiv Oblast", "in the sky over the Odessa
# region"). A list of several regions is a national count's breakdown and keeps national scope.


# `\b` first, before the look-behind: `regex` skips to word starts (guard.WORD_START; 1.3x)
OBLAST_SCOPE = guard.compile(
    rf"""\b(?<!,\s|and\s)(?:(?:over|in|above|of|attacked|targeted|targeting|toward|towards|near|approaching
          |head(?:ed|ing)\s+(?:for|to|towards?)|on\s+the\s+approach(?:es)?\s+to)
        \s+(?:the\s+)?(?:sky\s+over\s+(?:the\s+)?)?(?:territory\s+of\s+)?
        (?:(?:ukraine['’]s|southern|northern|eastern|western|central|southeastern|southwestern|northeastern|northwestern|neighbou?ring)\s+)*)
        (?P<name>{_PLACE_NAMES})\s+(?:oblast|region|province)\b(?!s)""",
    regex.I | regex.X,
    needs="oblast|region|province",
)


# Where Russia says it downed Ukrainian drones: a breakdown of its national claim.
RUSSIAN_REGION = guard.compile(
    r"\bover\s+(?:the\s+)?(?:(?i:russian?[-\s]occupied|occupied|annexed)\s+)?"
    r"(?P<name>(?i:sea\s+of\s+azov|black\s+sea|crimea(?:n\s+peninsula)?)|(?!(?:Russian?|Ukrain\w*)\b)[A-Z][\w-]+)"
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
# "…; 350 were shot down across the country": the count names the whole country, whatever place
# the sentence started with
NATIONWIDE = guard.compile(
    r"\b(?:nationwide|(?:across|throughout|all\s+over|over)\s+(?:the\s+(?:whole\s+|entire\s+)?country|(?:all\s+of\s+)?ukraine)\b)",
    regex.I,
)
ADJECTIVE_END = guard.compile(r"ern$")  # "southern" → "south"
AIR_DEFENCE_OR_COMMAND = guard.compile(r"\b(?:air\s+defen[cs]es?|command)\b", regex.I)


# A city as the place of a count, right after it in its clause: "32 drones were shot down in the
# skies over Kiev", "20 UAVs that were heading for the capital", "28 drones attacked Kyiv", "18 drones
# in the attack on Kharkiv", "against Odesa". A place followed by another ("over Kharkiv, Sumy and
# Poltava", "on Kyiv, the western region of Lviv and elsewhere") is a list: a national count's
# breakdown. ("in strikes on Kyiv" is not a place's: the plural is how a national summary lists them.)
CITY_SCOPE = guard.compile(
    rf"""\b(?:aimed\s+at|over|above|targeting|targeted|toward|towards|near|around|attacked|at
          |in\s+the\s+(?:skies?|airspace)\s+(?:over|around|of|above)|in\s+the\s+(?:vicinity|outskirts)\s+of
          |on\s+the\s+(?:approach(?:es)?|outskirts)\s+(?:to|of)|approach(?:ed|ing)
          |head(?:ed|ing)\s+(?:for|to|towards?)|fl(?:ying|ew)\s+(?:at|to|towards?)|directed\s+at|launched\s+at|fired\s+at
          |against|(?:attack|strike|raid)\s+on|to\s+(?:attack|strike|hit|target))
        \s+(?:the\s+(?:city\s+of\s+)?)?(?P<name>{_CAPITAL}|{_PLACE_NAMES})\b
        (?!\s+(?:region|oblast|province|district))(?!['’]s)
        (?!\s*(?:,|and|or)\s+(?:the\s+)?(?:(?:{_PLACE_NAMES})\b|(?:[\w-]+\s+){{0,2}}(?:region|oblast|province)\s+of\b|elsewhere\b|other\b))""",
    regex.I | regex.X,
)

# The same, fronted at the sentence's start: "Over Kyiv, 14 drones were destroyed".
FRONTED_CITY = guard.compile(
    rf"""\A\W*(?:[^,.;]{{0,40}},\s*)?(?:over|in|above|around|near|on\s+the\s+approach(?:es)?\s+to)
        \s+(?:the\s+)?(?:(?:skies?|airspace)\s+(?:over|of|above)\s+(?:the\s+)?)?
        (?P<name>{_CAPITAL}|{_PLACE_NAMES})\b(?P<oblast>\s+(?:region|oblast|province))?(?:\s+airspace)?(?:\s+alone)?\s*,""",
    regex.I | regex.X,
)


@cache
def _authorities() -> dict[str, guard.Guarded]:
    return {
        kind: guard.compile("|".join(f"(?:{w})" for w in words).replace(" ", r"\s+"), regex.I | regex.V1)
        for kind, words in places()["authorities"].items()
    }


@cache
def _national_source() -> guard.Guarded:
    return guard.compile(
        r"\b(?:" + "|".join(places()["national_sources"]).replace(" ", r"\s+") + ")",
        regex.I,
        needs="|".join(places()["national_source_words"]),
    )


def source_of(text: str) -> str | None:
    """Whose count a sentence reports: "national" (the Air Force, the General Staff …), a local
    authority's place ("city:Kyiv", "oblast:Odesa", "region:south"), or None when it names neither."""
    if _national_source().search(text):
        return "national"
    found = _authorities()
    folded = text.casefold()  # as the patterns' full case-folding compares
    named = {kind: any(word in folded for word in words) for kind, words in places()["authority_words"].items()}
    if named["kyiv"] and found["kyiv"].search(text):
        return "city:Kyiv"
    for kind in ("city", "oblast"):
        if not named[kind]:
            continue
        for m in found[kind].finditer(text):
            place = _place(m.group("place"))
            if place:
                return f"{kind}:{place[1]}" if kind == "oblast" or place[0] == "city" else f"city:{place[1]}"
    if named["south"] and found["south"].search(text):
        return "region:south"
    return None


CLAUSE_BREAK = guard.compile(r";|,\s+(?:while|but|whereas|and)\b|\b(?:while|but|whereas|meanwhile)\b", regex.I)


def _clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


def _clause_end(text: str, position: int, limit: int) -> int:
    found = CLAUSE_BREAK.search(text, position, limit)
    return found.start() if found else limit


def attacker_of(text: str, count: Count, next_start: int, russian_claims: bool = False) -> str:
    """UA when the count's clause is Russia's claim about Ukrainian drones or missiles. Once an
    article has quoted Russia's defence ministry, "the ministry said" is that ministry again."""
    clause = text[_clause_start(text, count.phrase_start) : _clause_end(text, count.phrase_end, next_start)]
    weapon_text = count.weapon.text if count.weapon else ""
    ukrainian = patterns.ukrainian_sentence().search(clause) or patterns.ukrainian_noun().search(weapon_text)
    if not ukrainian and russian_claims:
        ukrainian = THE_MINISTRY.search(text)
    return "UA" if ukrainian else "RU"


THE_MINISTRY = guard.compile(r"\bthe\s+(?:defen[cs]e\s+)?ministry\b", regex.I)


def last_oblast(text: str) -> str | None:
    found = list(OBLAST_SCOPE.finditer(text))
    return _oblast(found[-1].group("name")).removeprefix("oblast:") if found else None


def scope_of(
    text: str, count: Count, next_start: int, state: SegmentState, attacker: str = "RU", list_end: int | None = None
) -> str:
    """Where a count was counted: a place named right after it (or after the list it ends, or
    fronted at the sentence's start), else national. `list_end` is where the count's list ends."""
    window = text[count.phrase_end : next_start]
    if list_end is not None and list_end > count.phrase_end and not window.strip(" ,;"):
        window = text[list_end : max(list_end, _clause_end(text, list_end, len(text)))]
    if attacker == "UA":
        region = RUSSIAN_REGION.search(window[: _first_break(window)])
        return f"region:{' '.join(region.group('name').split())}" if region else "national"
    m = OBLAST_SCOPE.search(window)
    if m:
        return _oblast(m.group("name"))
    # in the count's clause, but whether a list follows is read past its comma ("at Kharkiv, Sumy and
    # Odesa": the list, national)
    city = CITY_SCOPE.search(window)
    if city and city.start() < _first_break(window):
        return _city(city.group("name"))
    fronted = FRONTED_CITY.match(text, 0, count.phrase_start)
    if fronted and not _names_the_country(text, count, window):
        return _city(fronted.group("name")) if not fronted.group("oblast") else _oblast(fronted.group("name"))
    # after the count, or fronted at the sentence's start: "In the south, 20 drones were shot down"
    part = PART_OF_COUNTRY.search(window) or PART_OF_COUNTRY.match(text, 0, count.phrase_start)
    names = [ADJECTIVE_END.sub("", n.lower()) for n in part.captures("name") + part.captures("more")] if part else []
    # one or two parts of the country are a breakdown; "the north, south and east" is the whole
    if 0 < len(names) < 3:
        return "region:" + "+".join(names)
    if THE_REGION.search(window) and state.last_oblast:
        return f"oblast:{state.last_oblast}"
    before = text[: count.phrase_start]
    found = list(OBLAST_SCOPE.finditer(before))
    if len(found) == 1 and not OBLAST_SCOPE.search(text[count.phrase_end :]) and AIR_DEFENCE_OR_COMMAND.search(before):
        return _oblast(found[0].group("name"))
    return "national"


def _names_the_country(text: str, count: Count, window: str) -> bool:
    """Whether the count's clause says it is the whole country's ("across the country", "nationwide")."""
    after = NATIONWIDE.search(window[: _first_break(window)])
    return bool(after or NATIONWIDE.search(text, _clause_start(text, count.phrase_start), count.phrase_start))


FIRST_BREAK = guard.compile(r"[,;:(]|\s[–—-]\s|\b(?:while|but|whereas|and\s+(?:then|also))\b", regex.I)


def _first_break(window: str) -> int:
    found = FIRST_BREAK.search(window)
    return found.start() if found else len(window)


def _city(name: str) -> str:
    place = _place(name)
    return f"city:{place[1]}" if place else "city:Kyiv"  # the capital


def _oblast(name: str) -> str:
    place = _place(name)
    if place is None:
        return "oblast:Kyiv"
    return f"oblast:{place[1]}" if place[0] == "oblast" else f"oblast:{places()['cities'][place[1]]['oblast']}"


# A sentence that only says who gave the figures before it: "This was reported by the KCMA."
ATTRIBUTION_ONLY = guard.compile(
    r"""\A(?:.{0,80}?\b(?:(?:this|that|it)\s+(?:was|is|has\s+been|had\s+been)\s+(?:reported|announced|stated|said|confirmed|posted|written)
      | (?:said|reported|announced|stated|wrote|posted|confirmed)\s+(?:this|that|it)\b)
      | \W*according\s+to\s)""",
    regex.I | regex.X,
)
# "he said", "according to him": the source named last.
PRONOUN_SOURCE = guard.compile(
    r"\b(?:(?:he|she|they)\s+(?:said|added|wrote|noted|reported|stated|explained|clarified|specified)|according\s+to\s+(?:him|her|them))\b",
    regex.I,
)


def local_sources(mentions: list[Mention], sentences: dict[int, str]) -> list[Mention]:
    """Counts a local authority gave are scoped to its place. The source is named in the count's
    sentence, by a pronoun for the source named last ("he said"), by the attribution sentence that
    follows ("This was reported by the Kyiv City Military Administration"), or, once an article has
    named a local source for its counts, by that source until a national one is named."""
    with_counts = {m.sentence for m in mentions}
    order = sorted(sentences)
    named: dict[int, str | None] = {i: source_of(sentences[i]) for i in order}
    resolved: dict[int, str | None] = {}
    last: str | None = None
    sticky: str | None = None
    for position, index in enumerate(order):
        own = named[index]
        if own is None and PRONOUN_SOURCE.search(sentences[index]):
            own = last
        if own is None and index in with_counts:
            following = order[position + 1] if position + 1 < len(order) else None
            if following is not None and following not in with_counts and ATTRIBUTION_ONLY.search(sentences[following]):
                own = named[following]
        if own is None and index in with_counts:
            own = sticky
        resolved[index] = own
        if named[index] is not None:
            last = named[index]
        if index in with_counts and own is not None:
            sticky = own
        elif index not in with_counts and named[index] is not None and ATTRIBUTION_ONLY.search(sentences[index]):
            sticky = named[index]
    result = []
    for mention in mentions:
        source = resolved.get(mention.sentence)
        if mention.attacker == "RU" and mention.scope == "national" and source not in (None, "national"):
            mention = replace(mention, scope=source, local_source=True)
        elif mention.attacker == "RU" and source not in (None, "national") and _same_place(mention.scope, source):
            # the KCMA's "40 drones toward the Kyiv region": its own count, not a breakdown
            mention = replace(mention, local_source=True)
        result.append(mention)
    return result


def _same_place(scope: str, source: str) -> bool:
    return scope.partition(":")[2] == source.partition(":")[2] != ""
