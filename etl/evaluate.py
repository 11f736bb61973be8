"""Score the extraction against labelled passages (the format of the shared news_dev.jsonl).

A fact is (document, attacker, weapon class, measure, value). The expected weapon is the text's
own name ("Iskander-M or KN-23 ballistic missiles"); it is put into a class through the same alias
vocabulary the extractor uses. Facts are compared as sets per document, so a restatement counts
once. On the matched facts, the attack date, the qualifier and the scope (national or local: a
city, an oblast, a region) are compared too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etl import segment
from etl.language import language_of
from etl.numbers import number_pattern, parse, qualifier_table
from etl.observe import mentions_of
from etl.parse import skip_reason
from etl.pipeline import extract_document
from etl.readers import read_counts
from etl.records import MEASURES, Document, Mention, SegmentState
from etl.weapons import classify

Fact = tuple[str, str, str, str, int]  # doc_id, attacker, weapon_class, measure, value
Attributes = tuple[str | None, str | None, str]  # date key, qualifier, "national" or "local"


def scope_kind(scope: str | None) -> str:
    return "national" if scope in (None, "", "national") else "local"


@dataclass
class Labelled:
    doc_id: str
    document: Document
    label: str
    expected: dict[Fact, Attributes]  # fact → (date key, qualifier, scope kind)


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0
    expected: int = 0
    dates_right: int = 0
    qualifiers_right: int = 0
    scopes_right: int = 0
    missed: list[Fact] = field(default_factory=list)
    spurious: list[Fact] = field(default_factory=list)
    wrong_dates: list[tuple[Fact, str | None, str | None]] = field(default_factory=list)
    wrong_qualifiers: list[tuple[Fact, str | None, str | None]] = field(default_factory=list)
    wrong_scopes: list[tuple[Fact, str | None, str | None]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.matched if self.matched else 1.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifiers_right / self.matched if self.matched else 1.0

    @property
    def scope_accuracy(self) -> float:
        return self.scopes_right / self.matched if self.matched else 1.0


def weapon_class(name: str) -> str:
    weapon = classify(name)
    return weapon.weapon_class if weapon else "other"


def _qualifier(word: str | None) -> str | None:
    return qualifier_table().get(" ".join(word.lower().split())) if word else None


# The Ukrainian bulletins' labels use the Air Force's own kinds of missile; in this project's
# classes (weapons.yaml) the Kh-59/69, Kh-31P, Oniks, Zircon and Banderol are cruise missiles, an
# S-300 or a group of types is a missile, a total of all targets is "mixed".
BULLETIN_CLASSES = {
    "drone": "drone",
    "reconnaissance_uav": "drone",
    "ballistic_missile": "ballistic_missile",
    "cruise_missile": "cruise_missile",
    "guided_air_missile": "cruise_missile",
    "anti_ship_missile": "cruise_missile",
    "anti_radar_missile": "cruise_missile",
    "banderol_loitering_munition": "cruise_missile",
    "sam_used_vs_ground": "missile",
    "mixed_missile_group": "missile",
    "missiles_total": "missile",
    "unknown_missile": "missile",
    "all_targets_total": "mixed",
}
FACT_MEASURES = (*MEASURES, "not_reached")


class LabelFormatError(ValueError):
    """A file that is not labelled passages."""


LABEL_FORMAT = (
    "expected one JSON object a line with `id`, the text (`passage` with `publication_date`, or a bulletin's `text` "
    "with `post_date`) and `expected[]` records (see tests/cases/README.md)"
)


def read_labelled(path: str | Path) -> list[Labelled]:
    """Labelled passages: the news format (`passage`, `publication_date`, expected `weapon`) or the
    bulletins' (`text`, `post_date`, expected `weapon_class`)."""
    passages = []
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelFormatError(f"{path}: not JSON Lines ({exc.msg}); {LABEL_FORMAT}") from None
            if not isinstance(record, dict) or "expected" not in record or "id" not in record:
                raise LabelFormatError(
                    f"{path}: a line without `id` and `expected[]`: not labelled passages; {LABEL_FORMAT}"
                )
            bulletin = "post_date" in record
            doc = Document(
                doc_id=record["id"],
                text=record["text"] if bulletin else record["passage"],
                published=(record.get("post_date") or "")[:10] or None if bulletin else record.get("publication_date"),
                url=record.get("telegram_url" if bulletin else "url"),
                outlet="Air Force of Ukraine" if bulletin else record.get("outlet"),
                source=str(path),
            )
            expected: dict[Fact, Attributes] = {}
            for item in record.get("expected") or []:
                cls = BULLETIN_CLASSES[item["weapon_class"]] if bulletin else weapon_class(item["weapon"])
                date = item.get("attack_date") or item.get("attack_date_partial")
                for measure in FACT_MEASURES:
                    if item.get(measure) is not None:
                        fact = (record["id"], item.get("attacker", "RU"), cls, measure, int(item[measure]))
                        qualifier = _qualifier(item.get(f"{measure}_qualifier"))
                        expected.setdefault(fact, (date, qualifier, scope_kind(item.get("scope"))))
            label = record.get("label") or ("positive" if expected else "negative")
            passages.append(Labelled(record["id"], doc, label, expected))
    return passages


def predicted_facts(document: Document) -> dict[Fact, list[Attributes]]:
    facts: dict[Fact, list[Attributes]] = {}
    for row in extract_document(document):
        date = row["attack_date"] or row["attack_date_partial"] or row["attack_month"]
        for measure in FACT_MEASURES:
            if row.get(measure) is not None:
                fact = (row["doc_id"], row["attacker"], row["weapon_class"], measure, int(row[measure]))
                attributes = (date, row.get(f"{measure}_qualifier"), scope_kind(row["scope"]))
                facts.setdefault(fact, []).append(attributes)
    return facts


def explain(document: Document, fact: Fact, missed: bool) -> str:
    """The stage and rule behind a missed or spurious fact, found by re-reading the document."""
    _, attacker, cls, measure, value = fact
    if language_of(document.text) == "uk" and missed:
        return "bulletins: the post's grammar (etl/bulletins/) reads no such count"
    if not missed:
        rows = [r for r in extract_document(document) if r[measure] == value and r["weapon_class"] == cls]
        return f"read from: {rows[0]['evidence'][:160]!r}" if rows else ""
    dropped: list[tuple[str, Mention]] = []
    kept = [m for m in mentions_of(document, dropped) if m.value == value]
    for rule, mention in dropped:
        if mention.value == value and mention.measure == measure:
            return rule
    for mention in kept:
        if mention.measure == measure and mention.weapon.weapon_class != cls:
            return f"weapons.classify: read as {mention.weapon.weapon_class} ({mention.weapon.text!r})"
        if mention.measure == measure and mention.attacker != attacker:
            return f"attribute.attacker_of: read as attacker {mention.attacker}"
        if mention.weapon.weapon_class == cls and mention.measure != measure:
            return f"measure: read as {mention.measure}"
    for seg in segment.segment(document):
        for sentence in segment.sentences(document, seg):
            numbers_here = [n.value for m in number_pattern().finditer(sentence.text) if (n := parse(m))]
            if value not in numbers_here:
                continue
            reason = skip_reason(sentence.text)
            if reason:
                return f"parse.skip_reason: sentence skipped as {reason}: {sentence.text[:100]!r}"
            counts = [c for c in read_counts(sentence.text, SegmentState(), 0) if c.value == value]
            if not counts:
                return f"readers: {value} is not read as a count: {sentence.text[:100]!r}"
            return f"measure: no verb says what the {counts[0].kind} count {value} measures: {sentence.text[:100]!r}"
    return f"numbers: {value} is not read as a number"


def score(
    passages: Iterable[Labelled], attacker: str = "RU", labels: tuple[str, ...] = ("positive", "negative")
) -> Score:
    result = Score()
    for passage in passages:
        if passage.label not in labels:
            continue
        predicted = {f: v for f, v in predicted_facts(passage.document).items() if f[1] == attacker}
        expected = {f: v for f, v in passage.expected.items() if f[1] == attacker}
        result.predicted += len(predicted)
        result.expected += len(expected)
        for fact, (date, qualifier, scope) in expected.items():
            if fact not in predicted:
                result.missed.append(fact)
                continue
            result.matched += 1
            dates = [d for d, _, _ in predicted[fact]]
            qualifiers = [q for _, q, _ in predicted[fact]]
            scopes = [s for _, _, s in predicted[fact]]
            if scope in scopes:
                result.scopes_right += 1
            else:
                result.wrong_scopes.append((fact, scope, scopes[0]))
            if date in dates:
                result.dates_right += 1
            else:
                result.wrong_dates.append((fact, date, dates[0]))
            if qualifier in qualifiers:
                result.qualifiers_right += 1
            else:
                result.wrong_qualifiers.append((fact, qualifier, qualifiers[0]))
        result.spurious.extend(f for f in predicted if f not in expected)
    return result


def negative_facts(passages: Iterable[Labelled]) -> list[Fact]:
    """Russian-attack facts reported from passages labelled negative: there should be none."""
    return [f for p in passages if p.label == "negative" for f in predicted_facts(p.document) if f[1] == "RU"]


def report(passages: list[Labelled], title: str, details: bool = False) -> list[str]:
    lines = [f"{title}: {len(passages)} passages"]
    for attacker in ("RU", "UA"):
        s = score(passages, attacker)
        lines.append(
            f"{attacker} facts: precision {s.precision:.3f} ({s.matched}/{s.predicted}), "
            f"recall {s.recall:.3f} ({s.matched}/{s.expected}), "
            f"date accuracy {s.date_accuracy:.3f}, qualifier accuracy {s.qualifier_accuracy:.3f}, "
            f"scope accuracy {s.scope_accuracy:.3f}"
        )
        if details:
            documents = {p.doc_id: p.document for p in passages}
            lines += [f"  missed   {f}  ← {explain(documents[f[0]], f, missed=True)}" for f in s.missed]
            lines += [f"  spurious {f}  ← {explain(documents[f[0]], f, missed=False)}" for f in s.spurious]
            lines += [f"  date     {f} expected {e} got {g}" for f, e, g in s.wrong_dates]
            lines += [f"  qualifier {f} expected {e} got {g}" for f, e, g in s.wrong_qualifiers]
            lines += [f"  scope    {f} expected {e} got {g}" for f, e, g in s.wrong_scopes]
    negatives = negative_facts(passages)
    lines.append(f"RU facts from negative passages: {len(negatives)}")
    if details:
        lines += [f"  negative {f}" for f in negatives]
    return lines


def main(paths: list[str], details: bool = False) -> int:
    """Scores per file, and over all of them together when there are several."""
    everything: list[Labelled] = []
    lines: list[str] = []
    for path in paths:
        passages = read_labelled(path)
        everything += passages
        lines += report(passages, str(path), details)
    if len(paths) > 1:
        lines += report(everything, "all files", details=False)
    print("\n".join(lines))
    return 0
