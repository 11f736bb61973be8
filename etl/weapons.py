"""Weapon names → model and class, through the alias vocabulary in vocabulary/weapons.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from etl import guard, vocabulary
from etl.records import Weapon

MISSILE_CLASSES = {"cruise_missile", "ballistic_missile", "missile"}
HYPHENS = guard.compile(r"[‐‑‒–—]")
# A designator's plural: "10 Kh-101s", "four S-300s" (a name ending in a letter lists its own)
PLURAL = r"(?:(?<=\d)s)?"


def _load(name: str) -> dict:
    return vocabulary.load(name)


@dataclass(frozen=True)
class Model:
    name: str
    weapon_class: str | None
    pattern: guard.Guarded
    unnamed_class: str | None = None


@cache
def models() -> tuple[Model, ...]:
    found = []
    for entry in _load("weapons.yaml")["models"]:
        alternation = "|".join(f"(?:{alias})" for alias in entry["aliases"])
        # Quotes often wrap names ("Kalibr", ‘Iskander-M’): a word boundary is enough around them.
        pattern = guard.compile(rf"(?<![\w-])(?:{alternation}){PLURAL}(?![\w-])", regex.I)
        found.append(Model(entry["model"], entry["class"], pattern, entry.get("unnamed_class")))
    return tuple(found)


@cache
def any_model() -> guard.Guarded:
    """Every model's aliases in one pattern, bounded as each model's own: it matches a text exactly
    when some model's pattern does, so one search spares a text without a model name the scan of
    every model in turn."""
    alternation = "|".join(f"(?:{alias})" for entry in _load("weapons.yaml")["models"] for alias in entry["aliases"])
    return guard.compile(rf"(?<![\w-])(?:{alternation}){PLURAL}(?![\w-])", regex.I)


@cache
def combined_models() -> dict[frozenset[str], str]:
    return {frozenset(c["models"]): c["model"] for c in _load("weapons.yaml").get("combined", [])}


@cache
def model_alternation() -> str:
    """All model aliases as one regex fragment, for building noun-phrase patterns."""
    return "|".join(
        "(?:" + alias.replace(" ", r"\s+") + ")"
        for entry in _load("weapons.yaml")["models"]
        for alias in entry["aliases"]
    )


@cache
def heads() -> tuple[tuple[str, guard.Guarded], ...]:
    terms = _load("terms.yaml")["heads"]
    return tuple(
        (weapon_class, guard.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + r")\b", regex.I))
        for weapon_class, words in terms.items()
    )


@cache
def head_alternation() -> str:
    terms = _load("terms.yaml")["heads"]
    return "|".join(word.replace(" ", r"\s+") for words in terms.values() for word in words)


def find_models(text: str) -> list[Model]:
    text = HYPHENS.sub("-", text)
    if not any_model().search(text):
        return []
    hits: list[tuple[int, Model]] = []
    taken: list[tuple[int, int]] = []
    # Longer matches first so that "S-300/S-400" is one model, not S-300 and S-400.
    candidates = [(m.start(), m.end(), model) for model in models() for m in model.pattern.finditer(text)]
    for start, end, model in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(start < t_end and end > t_start for t_start, t_end in taken):
            continue
        taken.append((start, end))
        hits.append((start, model))
    ordered: list[Model] = []
    for _, model in sorted(hits, key=lambda h: h[0]):
        if model not in ordered:
            ordered.append(model)
    return ordered


def head_classes(text: str) -> list[str]:
    """Classes named by the head nouns in a phrase, in order ("drones and missiles" → drone, missile)."""
    found = [(m.start(), m.end(), weapon_class) for weapon_class, pattern in heads() for m in pattern.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    # The longest head wins: "cruise and ballistic missiles" is one head, not "ballistic missiles".
    for start, end, weapon_class in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if not any(start < e and end > s for s, e, _ in spans):
            spans.append((start, end, weapon_class))
    return [c for _, _, c in sorted(spans)]


def combine_classes(classes: list[str]) -> str | None:
    unique = set(classes)
    if not unique:
        return None
    if len(unique) == 1:
        return unique.pop()
    if "mixed" in unique or ("drone" in unique and unique & MISSILE_CLASSES):
        return "mixed"
    if unique <= MISSILE_CLASSES:
        return "missile"
    return "other"


# Reports name their weapons in a few set phrases ("Shahed-type attack drones"), and every model's
# pattern is tried on each: a phrase is classified once.
@lru_cache(maxsize=4096)
def classify(phrase: str) -> Weapon | None:
    """The weapon a noun phrase names: its model where one is named, and its class."""
    found = find_models(phrase)
    noun_classes = head_classes(phrase)
    noun_class = combine_classes(noun_classes)
    model_name: str | None = None
    if found:
        names = [m.name for m in found]
        model_name = combined_models().get(frozenset(names), "/".join(names) if len(names) > 1 else names[0])
    model_classes = [m.weapon_class for m in found if m.weapon_class]
    if model_classes and len(found) == len(model_classes):
        # a missile noun after a missile model is that model's ("Kh-59 guided missiles"); after
        # drone models only, it is another kind ("550 Shahed drones and missiles": both)
        missile_model = bool(set(model_classes) & MISSILE_CLASSES)
        nouns = [c for c in noun_classes if c in ("drone", "mixed") or (c in MISSILE_CLASSES and not missile_model)]
        weapon_class = combine_classes(model_classes + nouns)
    elif noun_class:
        weapon_class = noun_class
    elif model_classes:
        weapon_class = combine_classes(model_classes)
    elif any(m.unnamed_class for m in found):
        weapon_class = combine_classes([m.unnamed_class for m in found if m.unnamed_class])
    else:
        return None
    # A generic noun after a specific model keeps the model's class ("Kh-59 guided missiles").
    if weapon_class == "missile" and model_classes and set(model_classes) <= MISSILE_CLASSES:
        weapon_class = combine_classes(model_classes)
    return Weapon(model=model_name, weapon_class=weapon_class or "other", text=phrase.strip())
