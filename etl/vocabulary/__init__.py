"""The vocabulary files, loaded once and checked against their schema.

Every word list of the extractor lives in this folder's YAML files. `load(name)` reads one and
checks it against the shape below; a wrong shape or an entry that is not a valid regular expression
stops the program with the file and the entry at fault, instead of a pattern that silently never
matches (an unquoted "(?: x)" is a YAML mapping, not a string).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import regex
import yaml

PATTERNS = ["pattern"]  # a list of regular-expression fragments
WORDS = ["word"]  # a list of plain words or phrases

# Each file's shape: a dict maps keys to shapes ("*" = any key), a one-item list is a list of that
# shape, "pattern" / "word" / "int" / "class" are leaves.
CLASSES = {"drone", "cruise_missile", "ballistic_missile", "missile", "mixed", "other"}
SCHEMAS: dict[str, Any] = {
    "terms.yaml": {
        "heads": {"*": PATTERNS},
        "measures": {"intercepted": PATTERNS, "ew_lost": PATTERNS, "launched": PATTERNS},
        "blockers": PATTERNS,
        "out_of_scope": {"total": PATTERNS, "foreign": PATTERNS, "retracted": PATTERNS, "hypothetical": PATTERNS},
        "out_of_scope_words": {"*": WORDS},
        "single_attack": PATTERNS,
        "superlatives": PATTERNS,
        "ukrainian_attack": {"noun_phrase": PATTERNS, "sentence": PATTERNS},
        "prefilter": PATTERNS,
    },
    "weapons.yaml": {
        "models": [{"model": "word", "class": "class?", "aliases": PATTERNS, "unnamed_class?": "class"}],
        "combined": [{"models": WORDS, "model": "word"}],
    },
    "numbers.yaml": {
        "units": {"*": "int"},
        "tens": {"*": "int"},
        "scales": {"*": "int"},
        "phrases": {"*": "int"},
        "articles": WORDS,
        "qualifiers": {"approximate": WORDS, "lower_bound": WORDS, "upper_bound": WORDS},
    },
    "grammar.yaml": {
        "stop_words": PATTERNS,
        "adjectives": PATTERNS,
        "participles": PATTERNS,
        "not_a_weapon_after": PATTERNS,
        "auxiliaries": PATTERNS,
        "adverbs": PATTERNS,
        "weak_triggers": PATTERNS,
        "ukraine": PATTERNS,
    },
    "dates.yaml": {
        "months": {"*": WORDS},
        "weekdays": WORDS,
        "report_verbs": PATTERNS,
        "relative": PATTERNS,
        "past_day": PATTERNS,
        "vague": PATTERNS,
        "daytime": PATTERNS,
        "daytime_words": WORDS,
        "cue_words": {"*": WORDS},
    },
    "limits.yaml": {"per_raid": {"*": "int"}},
    "uk.yaml": {
        "numbers": {"units": {"*": WORDS}, "tens": {"*": WORDS}, "pairs": WORDS},
        "qualifiers": {"lower_bound": WORDS, "approximate": WORDS, "upper_bound": WORDS},
        "months": {"*": WORDS},
        "heads": {"*": PATTERNS},
        "head_models": {"*": "pattern"},
        "measures": {"*": PATTERNS},
        "subcount": "pattern",
        "part_of": "pattern",
        "all_words": "pattern",
        "some_words": "pattern",
        "additional": "pattern",
        "correction": "pattern",
    },
    "places.yaml": {
        "oblasts": {"*": WORDS},
        "cities": {"*": {"aliases": WORDS, "oblast": "word"}},
        "capital": WORDS,
        "authorities": {"kyiv": PATTERNS, "city": PATTERNS, "oblast": PATTERNS, "south": PATTERNS},
        "authority_words": {"kyiv": WORDS, "city": WORDS, "oblast": WORDS, "south": WORDS},
        "national_sources": PATTERNS,
        "national_source_words": WORDS,
    },
}


class VocabularyError(ValueError):
    pass


@cache
def load(name: str) -> dict:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    check(name, data, SCHEMAS[name], name)
    return data


def check(name: str, value: Any, shape: Any, where: str) -> None:
    """Raise VocabularyError naming the file and the entry when `value` does not have `shape`."""
    if isinstance(shape, dict):
        _expect(isinstance(value, dict), name, where, "a mapping", value)
        for key, sub in shape.items():
            if key == "*":
                for k, v in value.items():
                    check(name, v, sub, f"{where}.{k}")
            elif key.endswith("?"):
                if value.get(key[:-1]) is not None:
                    check(name, value[key[:-1]], sub, f"{where}.{key[:-1]}")
            else:
                _expect(key in value, name, where, f"the key '{key}'", value)
                check(name, value[key], sub, f"{where}.{key}")
    elif isinstance(shape, list):
        _expect(isinstance(value, list), name, where, "a list", value)
        for index, item in enumerate(value):
            check(name, item, shape[0], f"{where}[{index}]")
    elif shape == "int":
        _expect(isinstance(value, int) and not isinstance(value, bool), name, where, "a whole number", value)
    elif shape in ("class", "class?"):
        _expect(
            value in CLASSES or (shape == "class?" and value is None), name, where, f"one of {sorted(CLASSES)}", value
        )
    else:
        _expect(isinstance(value, str) and value.strip() != "", name, where, "a non-empty string", value)
        if shape == "pattern":
            try:
                regex.compile(value, regex.I | regex.V1)
            except regex.error as error:
                raise VocabularyError(f"{name}: {where}: not a valid pattern ({error}): {value!r}") from None


def _expect(condition: bool, name: str, where: str, wanted: str, value: Any) -> None:
    if not condition:
        raise VocabularyError(f"{name}: {where}: expected {wanted}, found {value!r}")
