"""The small frozen records that flow through the pipeline.

Document → Segment → Sentence → Mention → Observation. Every parsed number keeps the raw text it
was read from and its character span in the document, so that each value in the tidy table can be
traced back to the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MEASURES = ("launched", "intercepted", "ew_lost")


# The Air Force's Telegram channel (@kpszsu) and the outlet its posts are credited to
AIR_FORCE_CHANNEL = "kpszsu"
AIR_FORCE_OUTLET = "Air Force of Ukraine"


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    published: str | None = None  # "YYYY-MM-DD" or "YYYY-MM" as the page gives it
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    source: str = ""  # the file (and line) it was read from


@dataclass(frozen=True)
class Page:
    """A web page read but not yet parsed: its markup becomes a Document where it is processed (a
    worker process or a Dask worker), as parsing a page costs more than extracting from its text
    (a 110 kB page: 3.6 ms by lxml against 1.5 ms), and the process reading the files would
    otherwise hold every worker back."""

    doc_id: str
    text: str  # the markup
    meta: dict[str, str]  # from the manifest and the sidecar, which win over the page's own
    source: str
    size: int  # the file's, for the reading time allowed


@dataclass(frozen=True)
class Segment:
    """One article of a page; pages with "Related Articles" blocks hold several."""

    doc_id: str
    index: int
    start: int
    end: int
    published: str | None  # only the main article carries the page's date


@dataclass(frozen=True)
class Sentence:
    segment: int
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Weapon:
    model: str | None
    weapon_class: str  # drone | cruise_missile | ballistic_missile | missile | mixed | other
    text: str  # the noun phrase as written


@dataclass(frozen=True)
class Mention:
    """One stated count: a number, what it counts and what happened to it."""

    doc_id: str
    segment: int
    sentence: int
    measure: str  # launched | intercepted | ew_lost
    value: int
    qualifier: str | None  # approximate | lower_bound | upper_bound | None (exact)
    weapon: Weapon
    attacker: str  # RU | UA
    scope: str  # national | city:Kyiv | oblast:Odesa …
    raw: str  # the matched text of the number with its qualifier, e.g. "nearly 600"
    start: int  # span of `raw` in the document
    end: int
    attack_date: str | None = None
    attack_month: str | None = None
    attack_date_partial: str | None = None  # "--MM-DD" when the year is unknown
    group: int = -1  # mentions read from one "N of M" phrase share a group
    evidence: str = ""  # the sentence the count was read from
    date_text: str = ""  # the words the attack date was read from ("overnight", "on Friday")
    local_source: bool = False  # the scope is a local authority's own count (a mayor, the KCMA)


@dataclass(frozen=True)
class Problem:
    """Input that could not be read: reported, skipped, never fatal for the run."""

    source: str
    reason: str
    line: int | None = None
    doc_id: str | None = None  # the document's id, once it has one (a web archive's page: its URL)

    @property
    def where(self) -> str:
        """The file, and the line, row or record in it where one is named ("news.jsonl:12")."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def __str__(self) -> str:
        # the id where it says more than the place ("mix.warc.gz:5 (https://…)")
        named = self.doc_id and self.doc_id not in self.where and self.doc_id not in self.reason
        return f"{self.where}{f' ({self.doc_id})' if named else ''}: {self.reason}"


def measure_fields(values: dict) -> dict:
    """The observation columns of each measure from the number read for it (anything with `value`,
    `qualifier`, `raw`, `start`, `end`), empty where none was read."""
    fields: dict = {}
    for measure in MEASURES:
        number = values.get(measure)
        fields[measure] = number.value if number else None
        fields[f"{measure}_qualifier"] = number.qualifier if number else None
        fields[f"{measure}_text"] = number.raw if number else None
        fields[f"{measure}_span"] = f"{number.start}:{number.end}" if number else None
    return fields


@dataclass(frozen=True)
class Skipped:
    """An input item that is not a document to read, by design: a Telegram service message, a post
    with no text. Counted by reason, not reported one by one."""

    source: str
    reason: str


@dataclass
class RunSummary:
    documents_read: int = 0
    documents_skipped: int = 0
    prefiltered: int = 0
    observations: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason → items (service messages …)
    languages: dict[str, int] = field(default_factory=dict)  # documents read per language


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
    extra: list[str] = field(default_factory=list)  # measures the same value also gives ("all 14")
    scope: str | None = None  # set once attributed; an anaphor or a share takes its antecedent's
    whole: Count | None = None  # the count of its sentence a bare count took its weapon from


@dataclass
class SegmentState:
    """What earlier sentences of the article said, for anaphora and dates."""

    counts: list[tuple[Count, str]] = field(default_factory=list)  # with their attacker
    phrase_texts: list[str] = field(default_factory=list)  # earlier sentences, read for weapons when needed
    last_oblast: str | None = None
    # sentences of period totals ("1,441 drones over the past week"): a later sentence restating one
    # of their numbers is the same total, not an attack (their numbers read only if one has a count)
    total_texts: list[str] = field(default_factory=list)
    russian_claims: bool = False  # the article has quoted Russia's defence ministry
    last_counts: list[Count] = field(default_factory=list)  # the counts of the last sentence that had any
    armed: bool = False  # a sentence of the segment so far names a weapon (patterns.weapon_word)
