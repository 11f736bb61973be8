"""The tidy observations table: its columns and the checks run where it is written and read."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from etl.tally import ATTACK_KEY, MEASURES, RAIDS

WEAPON_CLASSES = ["drone", "cruise_missile", "ballistic_missile", "missile", "mixed", "other"]
QUALIFIERS = ["approximate", "lower_bound", "upper_bound"]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO_MONTH = r"^\d{4}-\d{2}$"


def _text(nullable: bool = True, **kwargs) -> pa.Column:
    return pa.Column("string", nullable=nullable, coerce=True, **kwargs)


def _count() -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True)


COLUMNS: dict[str, pa.Column] = {
    "doc_id": _text(nullable=False),
    "segment": pa.Column("Int64", pa.Check.ge(0), coerce=True),
    "published": _text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}(-\d{2})?$")),
    "attack_date": _text(checks=pa.Check.str_matches(ISO_DATE)),
    "attack_month": _text(checks=pa.Check.str_matches(ISO_MONTH)),
    "attack_date_partial": _text(checks=pa.Check.str_matches(r"^--\d{2}-\d{2}$")),
    "raid": _text(nullable=False, checks=pa.Check.isin(list(RAIDS))),
    "attacker": _text(nullable=False, checks=pa.Check.isin(["RU", "UA"])),
    "scope": _text(nullable=False, checks=pa.Check.str_matches(r"^(national|(city|oblast|region):.+)$")),
    "weapon": _text(nullable=False),
    "weapon_class": _text(nullable=False, checks=pa.Check.isin(WEAPON_CLASSES)),
    "weapon_text": _text(),
}
for _measure in MEASURES:
    COLUMNS[_measure] = _count()
    COLUMNS[f"{_measure}_qualifier"] = _text(checks=pa.Check.isin(QUALIFIERS))
    COLUMNS[f"{_measure}_text"] = _text()
    COLUMNS[f"{_measure}_span"] = _text(checks=pa.Check.str_matches(r"^\d+:\d+$"))
COLUMNS.update(
    date_text=_text(),
    date_basis=_text(nullable=False, checks=pa.Check.isin(["text", "reference"])),
    text_attack_date=_text(checks=pa.Check.str_matches(r"^(\d{4}-\d{2}(-\d{2})?|--\d{2}-\d{2})$")),
    page_published=_text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}(-\d{2})?$")),
    air_force=pa.Column("boolean", coerce=True),
    # the sentence(s) the row was read from, kept once in the sentences table (a sentence of many
    # numbers is one row there, however many rows here point at it)
    sentence_id=pa.Column("Int64", pa.Check.ge(0), coerce=True),
    span_start=pa.Column("Int64", pa.Check.ge(0), coerce=True),
    span_end=pa.Column("Int64", pa.Check.ge(0), coerce=True),
    url=_text(),
    outlet=_text(),
    title=_text(),
    # the Air Force's bulletins: the window the post covers (Kyiv time), its "as of" time, missiles
    # that did not reach their targets, and whether the post corrects an earlier one
    source_type=_text(nullable=False, checks=pa.Check.isin(["news", "bulletin"])),
    window_start=_text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")),
    window_end=_text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")),
    as_of=_text(checks=pa.Check.str_matches(r"^\d{2}:\d{2}$")),
    not_reached=_count(),
    correction=pa.Column("boolean", coerce=True),
    # what a reader should know before trusting the row: a headline that disagrees with its body,
    # intercepts above launches, a count beyond what any raid has had (kept, never "fixed")
    problems=_text(),
)

OBSERVATIONS = pa.DataFrameSchema(
    COLUMNS,
    checks=[
        # a row holds at least one number, and never a number the text did not state
        pa.Check(lambda df: df[list(MEASURES)].notna().any(axis=1), error="a row without any count"),
        pa.Check(lambda df: df["span_end"] > df["span_start"], error="empty evidence span"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)

SENTENCES = pa.DataFrameSchema(
    {
        "sentence_id": pa.Column("Int64", pa.Check.ge(0), coerce=True, unique=True),
        "doc_id": _text(nullable=False),
        "evidence": _text(nullable=False),
    },
    unique=["doc_id", "evidence"],
    strict=True,
    ordered=True,
    coerce=True,
)


def with_evidence(observations: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The observations with each row's sentence(s) in an `evidence` column where `sentence_id` was
    (the form a reader wants: the number beside its sentence). A row pointing at no sentence of
    the same document is an error, never a silently empty quote."""
    keyed = sentences.set_index("sentence_id")
    evidence = observations["sentence_id"].map(keyed["evidence"])
    owner = observations["sentence_id"].map(keyed["doc_id"])
    broken = evidence.isna() | (owner != observations["doc_id"]).fillna(True)
    if broken.any():
        ids = observations.loc[broken, "sentence_id"].head(5).tolist()
        raise ValueError(f"observations point at sentences not in the sentences table of their document: {ids}")
    joined = observations.drop(columns="sentence_id")
    joined.insert(list(observations.columns).index("sentence_id"), "evidence", evidence.astype("string"))
    return joined


def split_evidence(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The inverse of with_evidence: observations carrying their sentences inline → the
    observations table and its sentences table, sentences numbered in order of first appearance."""
    keys = frame[["doc_id", "evidence"]]
    numbers = keys.groupby(["doc_id", "evidence"], sort=False).ngroup()
    sentences = keys.assign(sentence_id=numbers).drop_duplicates("sentence_id")
    observations = frame.drop(columns="evidence")
    observations.insert(list(frame.columns).index("evidence"), "sentence_id", numbers)
    return observations, sentences[["sentence_id", "doc_id", "evidence"]].reset_index(drop=True)


ATTACK_COLUMNS: dict[str, pa.Column] = {
    "attack_date": _text(nullable=False, checks=pa.Check.str_matches(ISO_DATE)),
    "raid": COLUMNS["raid"],
    "attacker": COLUMNS["attacker"],
    "scope": COLUMNS["scope"],
    "weapon_class": COLUMNS["weapon_class"],
    "weapon": COLUMNS["weapon"],
}
for _measure in MEASURES:
    ATTACK_COLUMNS[_measure] = _count()
    ATTACK_COLUMNS[f"{_measure}_qualifier"] = _text(checks=pa.Check.isin(QUALIFIERS))
    ATTACK_COLUMNS[f"{_measure}_documents"] = pa.Column("Int64", pa.Check.ge(0), coerce=True)
    ATTACK_COLUMNS[f"{_measure}_conflict"] = pa.Column("boolean", coerce=True)
    ATTACK_COLUMNS[f"{_measure}_source"] = _text(checks=pa.Check.isin(["news", "bulletin", "reference"]))
    ATTACK_COLUMNS[f"{_measure}_alternatives"] = _text()
ATTACK_COLUMNS.update(
    documents=pa.Column("Int64", pa.Check.ge(1), coerce=True),
    sources=_text(nullable=False),
    date_basis=_text(nullable=False, checks=pa.Check.isin(["text", "reference"])),
    reference_launched=_count(),
    reference_intercepted=_count(),
    agreement=_text(nullable=False, checks=pa.Check.isin(["exact", "within 5%", "differs", "no reference"])),
    interception_rate=pa.Column("Float64", pa.Check.in_range(0, 1), nullable=True, coerce=True),
)

ATTACKS = pa.DataFrameSchema(
    ATTACK_COLUMNS,
    unique=list(ATTACK_KEY),
    strict=True,
    ordered=True,
    coerce=True,
)


REFERENCE = pa.DataFrameSchema(
    {
        "attack_date": ATTACK_COLUMNS["attack_date"],
        "raid": COLUMNS["raid"],
        "attacker": ATTACK_COLUMNS["attacker"],
        "scope": ATTACK_COLUMNS["scope"],
        "weapon_class": ATTACK_COLUMNS["weapon_class"],
        "weapon": ATTACK_COLUMNS["weapon"],
        "launched": _count(),
        "intercepted": _count(),
        "ew_lost": _count(),
        "interception_rate": pa.Column("Float64", pa.Check.in_range(0, 1), nullable=True, coerce=True),
        "ew_merged": pa.Column("boolean", coerce=True),
        "reports": pa.Column("Int64", pa.Check.ge(1), coerce=True),
        "reference_models": _text(nullable=False),
        "sources": _text(),
    },
    unique=["attack_date", "raid", "scope", "weapon_class", "weapon"],
    strict=True,
    ordered=True,
    coerce=True,
)


def check_reference(frame: pd.DataFrame) -> pd.DataFrame:
    return REFERENCE.validate(frame, lazy=True)


def check_attacks(frame: pd.DataFrame) -> pd.DataFrame:
    return ATTACKS.validate(frame, lazy=True)


def check_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate and coerce; raises pandera.errors.SchemaErrors listing every failure."""
    return OBSERVATIONS.validate(frame, lazy=True)


def check_sentences(frame: pd.DataFrame) -> pd.DataFrame:
    return SENTENCES.validate(frame, lazy=True)


_RAID_CLASSES = [*WEAPON_CLASSES, "all_missiles", "all"]
_SOURCES = ["news", "bulletin", "tally"]

RAIDS_TABLE = pa.DataFrameSchema(
    {
        "attack_date": ATTACK_COLUMNS["attack_date"],
        "raid": COLUMNS["raid"],
        "attacker": COLUMNS["attacker"],
        "source": _text(nullable=False, checks=pa.Check.isin(_SOURCES)),
        "scope": COLUMNS["scope"],
        "weapon_class": _text(nullable=False, checks=pa.Check.isin(_RAID_CLASSES)),
        **{
            c: (_count() if c in MEASURES else pa.Column("boolean", coerce=True))
            for m in MEASURES
            for c in (m, f"{m}_from_parts")
        },
        "complete": pa.Column("boolean", coerce=True),
    },
    unique=["attack_date", "raid", "attacker", "source", "scope", "weapon_class"],
    strict=True,
    ordered=True,
    coerce=True,
)

_RATE = pa.Column("Float64", pa.Check.in_range(0, 1), nullable=True, coerce=True)
PERIODS_TABLE = pa.DataFrameSchema(
    {
        "period": _text(nullable=False, checks=pa.Check.str_matches(r"^\d{4}(-\d{2})?$")),
        "attacker": COLUMNS["attacker"],
        "source": _text(nullable=False, checks=pa.Check.isin(_SOURCES)),
        "level": _text(nullable=False, checks=pa.Check.isin(["class", "model"])),
        "weapon_class": _text(nullable=False, checks=pa.Check.isin(_RAID_CLASSES)),
        "weapon": _text(nullable=False),
        "raids": pa.Column("Int64", pa.Check.ge(1), coerce=True),
        **{m: _count() for m in MEASURES},
        "rate_rows": pa.Column("Int64", pa.Check.ge(0), coerce=True),
        "rate_launched": _count(),
        "rate_intercepted": _count(),
        "interception_rate": _RATE,
        "neutralised_rate": _RATE,
    },
    unique=["period", "attacker", "source", "level", "weapon_class", "weapon"],
    strict=True,
    ordered=True,
    coerce=True,
)


def check_raids(frame: pd.DataFrame) -> pd.DataFrame:
    return RAIDS_TABLE.validate(frame, lazy=True)


def check_periods(frame: pd.DataFrame) -> pd.DataFrame:
    return PERIODS_TABLE.validate(frame, lazy=True)


# what a run could not read: a file (and line or record) and why, in the order met
UNREAD = pa.DataFrameSchema(
    {
        "source": _text(nullable=False),
        "doc_id": _text(),
        "reason": _text(nullable=False),
    },
    strict=True,
    ordered=True,
    coerce=True,
)


def check_unread(frame: pd.DataFrame) -> pd.DataFrame:
    return UNREAD.validate(frame, lazy=True)
