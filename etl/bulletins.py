"""The Ukrainian Air Force's bulletins (Telegram @kpszsu) → the same observation records as the news.

A bulletin has a grammar of its own, in Ukrainian: the night or day it covers ("У ніч на 18 липня
(з 18:00 17 липня)", "Протягом дня … (із 6.30 до 18.00)", "Із 20-ї години 17-го по 04 годину
18 листопада 2023 року"), the weapons it counts, in whatever case the verb wants ("двома
балістичними ракетами", "113-ма ударними БпЛА", "одну керовану авіаційну ракету"), and what
happened to them: launched ("атакував", "зафіксовано"), intercepted ("збито/подавлено",
"знищено", "підтверджено збиття"), lost to EW ("локаційно втрачені"), not reaching their target
("не досягли цілі"). A post is read unit by unit (a sentence, or a bulleted line that takes the
verb of the line before its colon); hits and debris end a unit's counting; "(76 із них —
реактивні)" is a share, not a count; a headline only adds what the body does not state.
Words live in vocabulary/uk.yaml; model names in weapons.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import regex

from etl import vocabulary
from etl.numbers import MAX_DIGITS
from etl.records import Document, Weapon, measure_fields
from etl.tally import MEASURES
from etl.weapons import classify, find_models

FLAGS = regex.I | regex.V1
MEASURED = (*MEASURES, "not_reached")
# A text's letters counted without one match per letter (a third of the cost of reading a page not
# about attacks was once here): its ASCII letters by deleting them from its ASCII bytes, in C; the
# few other characters of an English page gathered by runs and their letters counted by runs.
ASCII_LETTER_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # the only letters below U+0080
NON_ASCII = regex.compile(r"[^\x00-\x7f]+")
LETTERS = regex.compile(r"\p{L}+")
CYRILLIC_LETTERS = regex.compile(r"(?V1)[\p{L}&&[\u0400-\u04ff]]+")
NARROW_SPACE = regex.compile(r"[\u00a0\u2009\u202f]")
APOSTROPHE = regex.compile(r"['ʼ`‘]")
YEAR_WORD = regex.compile(r"\b(20\d\d)\s*року")
LINE = regex.compile(r"[^\n]+")
BULLET = regex.compile(r"[-•–]\s")
BULLET_START = regex.compile(r"\s*[-•–]\s")
# a line that ends a sentence, or a heading in capitals; else the next line goes on with it
CLOSED_LINE = regex.compile(r"[.!?:;»\"”)]\Z|\p{Lu}{4,}\Z")
GOES_ON = regex.compile(r"[\p{Ll}\d]")
EVERYTHING = regex.compile(r"[\s\S]*")
SENTENCE_BREAK = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}0-9«\"“💥❗⚡])")
DRONE_WORDS = regex.compile(r"бпла|безпілот|дрон|шахед", regex.I)
COMMA = regex.compile(r",\s+")
HOURS_OR_PLACES = regex.compile(r"\s*(?:годин|ранку|локаці(?!йн))")
AS_OF = regex.compile(r"станом\s+на\s*\Z")
A_YEAR = regex.compile(r"20\d\d\s*(?:року|р\.)")
NOT_A_DIGIT = regex.compile(r"\D")


@cache
def words() -> dict:
    return vocabulary.load("uk.yaml")


def _alternation(items: list[str]) -> str:
    return "|".join(sorted((i.replace(" ", r"\s+") for i in items), key=len, reverse=True))


@cache
def number_values() -> dict[str, int]:
    table = {w: int(v) for group in ("units", "tens") for v, forms in words()["numbers"][group].items() for w in forms}
    table.update({w: 2 for w in words()["numbers"]["pairs"]})
    return table


@cache
def patterns() -> dict[str, regex.Pattern[str]]:
    vocab = words()
    units = _alternation([w for forms in vocab["numbers"]["units"].values() for w in forms])
    tens = _alternation([w for forms in vocab["numbers"]["tens"].values() for w in forms])
    pairs = _alternation(vocab["numbers"]["pairs"])
    qualifiers = _alternation([w for ws in vocab["qualifiers"].values() for w in ws])
    months = _alternation([w for ws in vocab["months"].values() for w in ws])
    heads = "|".join(f"(?P<{c}>{'|'.join(ws)})" for c, ws in vocab["heads"].items())
    measures = "|".join(f"(?P<{m}>{'|'.join(ws)})" for m, ws in vocab["measures"].items())
    day = r"(?P<d>[0-3]?\d)(?:-?го)?,?\s+(?P<m>" + months + r")(?:\s+(?P<y>20\d\d)\s*(?:року|р\.))?"
    # "(з 18:00 17 липня)", and "із (21.00 21 квітня)" as one post writes it
    window = (
        r"(?:з|із)?\s*\(\s*(?:з|із)?\s*(?P<wh>[0-2]?\d)[:.](?P<wm>\d\d)\s+(?P<wd>[0-3]?\d)\s+(?P<wmo>"
        + months
        + r")\s*\)"
    )
    return {
        "number": regex.compile(
            rf"""(?<![\w\-/.,:])(?:(?P<q>{qualifiers})\s+)?
                (?:(?P<digits>\d{{1,3}}(?:[\s\u202f]\d{{3}})+|\d+)(?:-?(?:ма|ти|та|ми|м|х|ох|ьох|ю|ій|а|у|і))?(?![\w/]|[:.]\d)
                 |(?P<words>(?:{tens})(?:\s+(?:{units}))?|{units}|{pairs})(?![\w’]))""",
            FLAGS | regex.X,
        ),
        "head": regex.compile(rf"(?<![\w-])(?:{heads})", FLAGS),
        "head_models": [(model, regex.compile(pattern, FLAGS)) for model, pattern in vocab["head_models"].items()],
        "measure": regex.compile(rf"(?<![\w])(?:{measures})", FLAGS),
        "night": regex.compile(rf"(?:у|в)\s*ніч\s+на\s+(?:{day}|(?P<nd>\d\d)\.(?P<nm>\d\d)\.(?P<ny>\d\d))", FLAGS),
        "window": regex.compile(window, FLAGS),
        "range": regex.compile(
            rf"""(?:з|із)\s+(?:вечора\s+|[0-2]?\d(?:[:.]\d\d|-ї\s+години)\s+)?[0-3]?\d(?:-го)?(?:\s+(?:{months}))?\s+
                 по\s+(?P<eh>[0-2]?\d)(?:[:.](?P<em>\d\d))?\s*(?:годину|ранку)?\s+{day}""",
            FLAGS | regex.X,
        ),
        "day_report": regex.compile(r"протягом\s+(?:дня|денної\s+пори|поточної\s+доби)|вдень\b|денної\s+пори", FLAGS),
        "day_window": regex.compile(
            r"\(\s*(?:з|із)?\s*(?P<sh>[0-2]?\d)[:.](?P<sm>\d\d)\s*(?:до|по|–|-|—)\s*"
            r"(?P<eh>[0-2]?\d)[:.](?P<em>\d\d)\s*\)",
            FLAGS,
        ),
        "date": regex.compile(rf"(?<![\d.])(?:{day})", FLAGS),
        "as_of": regex.compile(r"станом\s+на\s+(?P<h>[0-2]?\d)[:.](?P<m>\d\d)", FLAGS),
        "subcount": regex.compile(r"\A" + vocab["subcount"], FLAGS),
        "part_of": regex.compile(r"\A" + vocab["part_of"], FLAGS),
        "all": regex.compile(vocab["all_words"], FLAGS),
        "some": regex.compile(vocab["some_words"], FLAGS),
        "additional": regex.compile(vocab["additional"], FLAGS),
        "correction": regex.compile(vocab["correction"], FLAGS),
        "singular": regex.compile(r"(?<![\w])(?P<np>(?:[\w-]+(?:ою|у|а|ий|ої)\s+){0,3}ракет(?:ою|у|а)\b)", FLAGS),
        "np_end": regex.compile(r"\s*(?:[(:;–—]|\s-\s|(?<=\s)(?:із|з|на|по|в|у|від)\s|,\s+(?:а\s+також|тип)|$)", FLAGS),
    }


@dataclass(frozen=True)
class When:
    attack_date: str | None
    partial: str | None
    month: str | None
    period: str  # night | day
    window_start: str | None = None
    window_end: str | None = None
    text: str = ""


@dataclass
class Count:
    measure: str
    value: int
    qualifier: str | None
    weapon: Weapon
    raw: str
    start: int
    end: int
    evidence: str
    headline: bool = False


@dataclass
class Row:
    weapon: Weapon
    values: dict[str, Count] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # kept visible, never silently resolved


def _letters(runs: regex.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def language_of(text: str) -> str:
    """ "en", "uk", "ru", or "other": from the letters, enough to choose a grammar."""
    sample = text[:5000]
    ascii_bytes = sample.encode("ascii", "ignore")
    latin = len(ascii_bytes) - len(ascii_bytes.translate(None, ASCII_LETTER_BYTES))
    rest = "".join(NON_ASCII.findall(sample)) if len(ascii_bytes) < len(sample) else ""
    letters = latin + _letters(LETTERS, rest)
    if not letters:
        return "other"
    # English: under 30 % Cyrillic and over half ASCII letters
    if _letters(CYRILLIC_LETTERS, rest) < 0.3 * letters:
        return "en" if latin > 0.5 * letters else "other"
    lower = text.lower()
    uk = sum(lower.count(c) for c in "іїєґ")
    ru = sum(lower.count(c) for c in "ыэъё")
    return "uk" if uk >= ru else "ru"


def normalise(text: str) -> str:
    text = NARROW_SPACE.sub(" ", text)
    return APOSTROPHE.sub("’", text)


def read_when(text: str, published: str | None) -> When:
    """The night or day a post covers."""
    p = patterns()
    pub = _date(published[:10]) if published and len(published) >= 10 else None
    day_words = p["day_report"].search(text)
    night = p["night"].search(text)
    if night and not day_words:
        if night.group("nd"):
            date = _date(f"20{night.group('ny')}-{night.group('nm')}-{night.group('nd')}")
            return _when(date, None, "night", None, night.group())
        window = p["window"].search(text, night.end(), night.end() + 40)
        return _resolve(night, pub, "night", window, None, text)
    span = p["range"].search(text)
    if span:
        end = f"{int(span.group('eh')):02d}:{span.group('em') or '00'}"
        return _resolve(span, pub, "night", None, end, text)
    if day_words:
        window = p["day_window"].search(text)
        dated = p["date"].search(text)
        when = _resolve(dated, pub, "day", None, None, text) if dated else _when(pub, None, "day", None, "")
        if window and when.attack_date:
            start = f"{when.attack_date} {int(window.group('sh')):02d}:{window.group('sm')}"
            end = f"{when.attack_date} {int(window.group('eh')):02d}:{window.group('em')}"
            return When(when.attack_date, when.partial, when.month, "day", start, end, when.text)
        return when
    dated = p["date"].search(text)
    if dated:
        return _resolve(dated, pub, "night", None, None, text)
    return _when(pub, None, "night", None, "")


def _resolve(
    m: regex.Match[str], pub: dt.date | None, period: str, window: regex.Match[str] | None, end: str | None, text: str
) -> When:
    month = _month(m.group("m"))
    day = int(m.group("d"))
    year = int(m.group("y")) if m.group("y") else None
    if year is None:
        year_in_text = YEAR_WORD.search(text)
        year = int(year_in_text.group(1)) if year_in_text else None
    if year is None and pub is not None:
        year = pub.year - 1 if month > pub.month + 1 else pub.year
    date = _safe(year, month, day) if year else None
    start = None
    if window is not None and date is not None:
        w_month, w_day = _month(window.group("wmo")), int(window.group("wd"))
        w_date = _safe(date.year - (1 if w_month > date.month else 0), w_month, w_day)
        start = f"{w_date} {int(window.group('wh')):02d}:{window.group('wm')}" if w_date else None
    if date is None:
        return When(None, f"--{month:02d}-{day:02d}", None, period, None, None, m.group())
    return _when(date, start, period, f"{date} {end}" if end else None, m.group())


def _when(date: dt.date | None, start: str | None, period: str, end: str | None, text: str) -> When:
    if date is None:
        return When(None, None, None, period, start, end, text)
    return When(date.isoformat(), None, date.isoformat()[:7], period, start, end, text)


def _month(name: str) -> int:
    name = name.lower()
    return next(int(n) for n, forms in words()["months"].items() if name in forms)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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
        open_end = previous and not CLOSED_LINE.search(previous)
        if open_end and not bullet_line and (GOES_ON.match(current) or previous.endswith(",")):
            joined[-1][1] = line[1]
        else:
            joined.append(line)
    for line_start, line_end in joined:
        line = EVERYTHING.match(text, line_start, line_end)
        assert line is not None
        bullet = bool(BULLET_START.match(line.group()))
        start = line.start()
        for end in SENTENCE_BREAK.finditer(line.group()):
            found.append((start, line.start() + end.start(), bullet))
            start = line.start() + end.end()
        found.append((start, line.end(), bullet))
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
    drone_words = DRONE_WORDS.search(np)
    if weapon_class == "drone" and named and named.model and named.weapon_class != "drone" and not drone_words:
        return Weapon(named.model, named.weapon_class, np.strip())  # "боєприпасами типу «Бандероль»"
    if weapon_class == "missile" and named and named.weapon_class in ("cruise_missile", "ballistic_missile"):
        weapon_class = named.weapon_class if len(find_models(np)) == 1 else "missile"
    model = named.model if named and weapon_class not in ("drone", "mixed") else None
    if model is None and weapon_class == "cruise_missile":
        model = next((m for m, pattern in patterns()["head_models"] if pattern.search(np)), None)
    return Weapon(model, weapon_class, np.strip())


def read_counts(text: str, start: int, end: int, measure: str, last: list[Weapon]) -> list[Count]:
    """The counts of one unit, with the measure of its verb (or of the words right after a count)."""
    p = patterns()
    unit = text[start:end]
    counts: list[Count] = []
    taken: list[tuple[int, int]] = []
    for m in p["number"].finditer(unit):
        if any(s <= m.start() < e for s, e in taken) or _is_date_or_time(unit, m):
            continue
        value = _value(m)
        if value is None or p["subcount"].match(unit[m.end() :]):
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
        own = _own_measure(unit[after : following.start() if following else after + 60]) or measure
        pair = bool(m.group("words")) and m.group("words").lower() in words()["numbers"]["pairs"]
        if weapon is None:
            if own in ("ew_lost", "intercepted") and last and (own != measure or whole_number or pair):
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


def _own_measure(after: str) -> str | None:
    m = patterns()["measure"].search(after)
    if m and m.lastgroup in ("ew_lost", "not_reached") and m.start() < 25:
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


def read_post(document: Document) -> tuple[When, str | None, list[Row]]:
    """The post's night or day, its 'as of' time and its rows of counts."""
    text = normalise(document.text)
    p = patterns()
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
        for part_start, part_end in _clauses_without_hits(text, start, end):
            verbs = [m for m in p["measure"].finditer(text, part_start, part_end) if m.lastgroup != "stop"]
            measure = verbs[0].lastgroup if verbs else (header if bullet else None)
            if not bullet and text[start:end].rstrip().endswith(":"):
                header = measure
            if measure is None:
                continue
            found = read_counts(text, part_start, part_end, measure, last)
            every = p["all"].search(text, part_start, part_end)
            if not found and measure in ("intercepted", "not_reached") and every:
                # "Усі ворожі БпЛА знищено": the launch count (a plural with no "all" states none)
                found = _all_of(text[part_start:part_end], part_start, measure, rows, last)
            elif not found and measure == "not_reached" and not p["some"].search(text, part_start, part_end):
                # "ворожі ракети цілей не досягли" right after "двома … ракетами «Онікс»": all of them,
                # but only when the sentence before named one weapon of that kind
                found = _all_of(text[part_start:part_end], part_start, measure, rows, last)
                found = [c for c in found if c.weapon in before] if len(set(before)) == 1 else []
            counts += found
        if counts:
            before = [c.weapon for c in counts if c.measure == "launched"]
        for count in counts:
            count.headline = (start, end, bullet) == headline
            _add(rows, count)
            if count.measure == "launched" or not last or last[-1] != count.weapon:
                last.append(count.weapon)
    return when, (f"{int(as_of.group('h')):02d}:{as_of.group('m')}" if as_of else None), list(rows.values())


def _clauses_without_hits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a unit that count weapons: a report of hits or debris ("Зафіксовано влучання
    …") runs to the next clause ("…, крім того дві … ракети не досягли цілі")."""
    parts, cursor = [], start
    for hit in patterns()["measure"].finditer(text, start, end):
        if hit.lastgroup != "stop" or hit.start() < cursor:
            continue
        parts.append((cursor, hit.start()))
        resume = regex.compile(r"[,;]\s+(?:крім\s+того|а\s+також|також)\b", FLAGS).search(text, hit.end(), end)
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


def records(document: Document) -> list[dict]:
    """The post's observation records, in the observations table's columns."""
    when, as_of, rows = read_post(document)
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
            air_force=True,
            evidence=" … ".join(
                dict.fromkeys(" ".join(c.evidence.split()) for c in sorted(counts, key=lambda c: c.start))
            ),
            span_start=first.start,
            span_end=first.end,
            url=document.url,
            outlet=document.outlet,
            title=document.title,
            source_type="bulletin",
            window_start=when.window_start,
            window_end=when.window_end,
            as_of=as_of,
            not_reached=not_reached.value if not_reached else None,
            correction=bool(patterns()["correction"].search(normalise(document.text))),
            problems="; ".join(row.problems) or None,
        )
        if record["launched"] is None and record["intercepted"] is None and record["ew_lost"] is None:
            continue
        out.append(record)
    return out
