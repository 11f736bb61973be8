"""Regular expressions built once from the vocabulary files, for the extractor."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from etl import guard, numbers, vocabulary, weapons
from etl.records import Weapon

FLAGS = regex.I | regex.X | regex.V1


@cache
def terms() -> dict:
    return vocabulary.load("terms.yaml")


def _any(words: list[str]) -> str:
    # Vocabulary entries are written with plain spaces; the patterns are verbose, where a space
    # means nothing, so each becomes "any run of white space".
    return "|".join("(?:" + w.replace(" ", r"\s+") + ")" for w in words)


def words(name: str) -> str:
    """One list of grammar.yaml as an alternation."""
    return "(?:" + _any(vocabulary.load("grammar.yaml")[name]) + ")"


STOP_WORDS = words("stop_words")
ED_ADJECTIVES = words("adjectives")
PARTICIPLES = words("participles")
NOT_A_WEAPON_AFTER = words("not_a_weapon_after")


@cache
def modifier() -> str:
    vocabulary = terms()
    verbs = _any([w for words in vocabulary["measures"].values() for w in words] + vocabulary["blockers"])
    vocab = numbers.vocabulary()
    number_words = "|".join(
        [*vocab["units"], *vocab["tens"], *vocab["scales"], *(p.split()[-1] for p in vocab["phrases"])]
    )
    return rf"""
        (?:{PARTICIPLES}\b)
      |
        (?!{STOP_WORDS}\b)
        (?!(?:{number_words})\b)
        (?!(?:{verbs})(?![\w\-]))
        (?!(?!{ED_ADJECTIVES})[a-z]+ing\b)
        [“"‘'«]?(?!\d+\b)[\w][\w\-‐‑/’'.]*[”"’'»]?
    """


@cache
def head_or_model() -> str:
    return rf"(?:{weapons.head_alternation()}|{weapons.model_alternation()})"


@cache
def noun_phrase_body() -> str:
    """A weapon noun phrase: a few modifiers, a head noun or model name, and its tail."""
    head = head_or_model()
    mod = modifier()
    tail = rf"""
        (?:
            \s+of\s+(?:the\s+)?(?:type\s+)?[“"‘']?(?:{weapons.model_alternation()})[”"’']?(?:\s+type)?
          | \s+of\s+(?:iranian|russian|north\s+korean)\s+(?:origin|design|production|manufacture)
          | \s+of\s+(?:various|different|several|all|other|unknown)\s+types?
          | \s+(?:and|or|&)\s+(?!other\s+(?:targets|objects|assets|threats)\b)  # ("… shells and other targets")
            (?:other\s+|various\s+|several\s+)?(?:types?\s+of\s+)?
            (?:(?:{mod})\s+){{0,3}}[“"‘']?{head}[”"’']?(?![\w\-])
        )*
    """
    return rf"""
        (?:(?:types?|kinds?)\s+of\s+)?
        (?:(?:{mod})\s+){{0,5}}
        [“"‘']?{head}{weapons.PLURAL}[”"’']?(?![\w\-])
        {tail}
        (?!\s+{NOT_A_WEAPON_AFTER}\b)
    """


@cache
def weapon_word() -> guard.Folded:
    """A stem of any weapon word: the cheap test a text or sentence must pass before the heavy
    patterns run (terms.yaml `prefilter`, lower-case words)."""
    return guard.Folded(_any(terms()["prefilter"]))


@lru_cache(maxsize=16)
def names_weapon(text: str) -> bool:
    """Whether a text holds a weapon word: asked of a document and of each sentence by several
    stages, and found once."""
    return weapon_word().found_in(text)


@cache
def noun_phrase_after_number() -> guard.Guarded:
    return guard.compile(rf"\A\s+(?P<np>{noun_phrase_body()})", FLAGS)


@cache
def noun_phrase_anywhere() -> guard.Guarded:
    return guard.compile(rf"(?<![\w\-])(?P<np>{noun_phrase_body()})", FLAGS)


@cache
def article_noun_phrase() -> guard.Guarded:
    """ "a cruise missile", "an Iskander-M", "one more drone": a count of one."""
    articles = "|".join(a.replace(" ", r"\s+") for a in numbers.vocabulary()["articles"])
    initials = "".join(sorted({a[0] for a in numbers.vocabulary()["articles"]}))  # a quick first test
    return guard.compile(
        rf"{guard.WORD_START}(?=[{initials}])(?P<raw>{articles})\s+(?!(?:record|total|barrage|wave|number|series|massive|new|further|combined|million|billion|thousand|hundred|dozen)\b)(?P<np>{noun_phrase_body()})",
        FLAGS,
    )


@cache
def triggers() -> guard.Guarded:
    measures = terms()["measures"]
    # the EW phrases first: at one position the first alternative that matches wins, and "jammed
    # by electronic warfare" is a loss to EW where "jammed" alone is an interception
    order = sorted(measures, key=lambda name: name != "ew_lost")
    groups = [rf"(?P<{name}>{_any(measures[name])})" for name in order]
    groups.append(rf"(?P<blocked>{_any(terms()['blockers'])})")
    return guard.compile(rf"(?<![\w\-‐‑])(?:{'|'.join(groups)})(?![\w\-‐‑])", FLAGS)


@lru_cache(maxsize=256)
def trigger_matches(text: str) -> tuple[regex.Match[str], ...]:
    """Every measure word of a sentence, found once however many of its numbers ask."""
    return tuple(triggers().finditer(text))


# Words that may stand between a noun phrase and its verb: "were reportedly shot down".
AUXILIARY = words("auxiliaries")
ADVERB = words("adverbs")

# An opening quote may stand before the verb: 26 other drones were “lost”.
RIGHT_TRIGGER = guard.compile(
    rf"""\A\s*(?:\([^()]{{0,60}}\)\s*)?(?P<aux>(?:{AUXILIARY}\s+)*)(?:{ADVERB}\s+)*[“"‘']?(?=\S)""", FLAGS
)
# A relative clause after a count: "45 Shahed drones that his forces shot down".
RELATIVE = guard.compile(r"\A\s*,?\s*(?:that|which)\s+(?P<clause>(?:\S+\s+){0,5}\S+)", regex.I)

# What ends the reach of a verb to the left of a count.
BOUNDARY = guard.compile(
    r";|:(?!\d)|\s[–—]\s|\b(?:but|while|whereas|claiming|however|meanwhile|although|though|without)\b"
    # "28 drones attacked Kyiv, most of which were shot down": the verb after is the share's
    r"|\b(?:most|many|some|several|half|part|none|the\s+rest|the\s+majority)\s+of\s+(?:which|them|these|those)\b",
    regex.I,
)

# Links between the items of one list of counts: "600 drones, two Kinzhal and nine Iskander-M".
LIST_GAP = guard.compile(
    r"""\A(?:\s*,)?\s*(?:(?:and|as\s+well\s+as|along\s+with|plus|together\s+with|or)\s+)?(?:also\s+)?\Z
      | \A(?:\s*,)?\s+(?:from|in|at|over|on)\s+[^,;.]{1,40}?\s+(?:and|as\s+well\s+as)\s+\Z
      | \A[^;.:]{0,50}?,?\s+(?:as\s+well\s+as|along\s+with)\s+\Z""",
    FLAGS,
)
ALL_BUT = guard.compile(r"\ball\s+but\s+\Z|\bexcept\s+(?:for\s+)?\Z", regex.I)
ALL_BEFORE = guard.compile(r"\ball\s+(?:the\s+|of\s+the\s+)?\Z", regex.I)
PART_OF_WHOLE = guard.compile(
    r"\A\s+(?:out\s+of|of)\s+(?:the\s+(?:total\s+(?:of\s+)?)?|a\s+total\s+of\s+|total\s+)?\Z", regex.I
)
# "Of the 90 drones, 55 were shot down", "said that out of the 40 missiles, 35 …": a fronted whole is
# what was launched.
FRONTED_OF = guard.compile(
    r"(?:\A|[,;:]\s*|\b(?:and|but|that)\s+)(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+)?\Z", regex.I
)
# "… 4 missiles out of 72 drones and 6 missiles launched": what follows "out of" is a whole
OUT_OF_BEFORE = guard.compile(r"\bout\s+of\s+(?:the\s+(?:total\s+(?:of\s+)?)?|a\s+total\s+of\s+)?\Z", regex.I)
OF_THE = guard.compile(r"\A\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|them\b)", regex.I)
OF_WHICH = guard.compile(r"\A\s+of\s+(?:which|them|these(?!\s+[\w“\"‘']))\b", regex.I)
ALL_ANAPHOR = guard.compile(
    rf"""(?<![\w\-])(?P<raw>
        all\s+(?:of\s+)?(?:them|these|those)\b
      | all\s+of\s+which\b  # "14 ballistic missiles, all of which were intercepted"
      | all\s+(?=(?:were|have\s+been|had\s+been)\s)  # "30 drones, and all were shot down"
      | (?:they|these|those)\s+were\s+all\b
      | all\s+(?:of\s+)?(?:the|these|those)\s+(?=[“"‘']?(?:{head_or_model()}|targets)(?![\w\-]))
      | all\s+(?:enemy\s+|russian\s+)?(?=[“"‘']?(?:{head_or_model()}|targets)(?![\w\-])\s+(?:{AUXILIARY})\b)
    )""",
    FLAGS,
)
YEAR = guard.compile(r"\A(?:19|20)\d\d\Z")
ELLIPTICAL_FOLLOW = guard.compile(
    r"\A\s*(?:[,.;)–—]|and\b|or\b|in\b|over\b|on\b|across\b|with\b|by\b|during\b|as\b|after\b|amid\b|while\b|at\b|$)",
    regex.I,
)


def _cues(words: list[str]) -> str:
    return rf"{guard.WORD_START}(?:{_any(words)})"


def _all_cue_words() -> list[str]:
    return [w for group in terms()["out_of_scope"].values() for w in group]


@cache
def compiled_cues(group: str) -> guard.Guarded:
    return guard.compile(_cues(terms()["out_of_scope"][group]), regex.I)


def any_cue_pattern() -> str:
    """Every out-of-scope cue in one pattern (for IGNORECASE)."""
    return _cues(_all_cue_words())


@cache
def _cue_tests(group: str | None) -> tuple[guard.Folded | None, guard.Guarded | None]:
    """The cues of a group (None: every group) that cannot backtrack, looked for in the folded
    text (5× faster than `regex` under IGNORECASE over the same alternation), and a timed pattern
    of the few others."""
    groups = terms()["out_of_scope"] if group is None else {group: terms()["out_of_scope"][group]}
    words = [w for cues in groups.values() for w in cues]
    linear = [w for w in words if not guard.may_backtrack(_any([w]))]
    timed = [w for w in words if w not in linear]
    # the timed cues run only over a text holding a word of their groups' (when each group has some)
    gates = terms()["out_of_scope_words"]
    gated = [name for name, cues in groups.items() if set(cues) & set(timed)]
    needs = "|".join(w for name in gated for w in gates[name]) if all(name in gates for name in gated) else None
    return (
        guard.Folded(_cues(linear)) if linear else None,
        guard.compile(_cues(timed), regex.I, needs=needs or None) if timed else None,
    )


def cue_in(group: str | None, text: str) -> bool:
    """Whether a text holds a cue of the group (None: of any group), as `compiled_cues` would
    answer: only whether one occurs, not where."""
    folded, timed = _cue_tests(group)
    return (folded is not None and folded.found_in(text)) or (timed is not None and timed.search(text) is not None)


def names_cue(text: str) -> bool:
    """Whether a sentence holds any out-of-scope cue: most hold none."""
    return cue_in(None, text)


@cache
def single_attack() -> guard.Guarded:
    return guard.compile(rf"\b(?:{_any(terms()['single_attack'])})\b", regex.I)


@cache
def superlative() -> guard.Guarded:
    return guard.compile(rf"\b(?:{_any(terms()['superlatives'])})\b", regex.I)


@cache
def ukrainian_noun() -> guard.Guarded:
    return guard.compile(rf"\b(?:{_any(terms()['ukrainian_attack']['noun_phrase'])})", regex.I)


@cache
def _claims_only() -> guard.Guarded:
    return guard.compile(rf"\b(?:{_any(terms()['claims_only'])})\b", regex.I)


def claims_only(weapon: Weapon | None) -> bool:
    """A weapon only Russia's claims count ("HIMARS rounds", "uncrewed boats"), never a Russian attack."""
    return weapon is not None and weapon.weapon_class == "other" and bool(_claims_only().search(weapon.text))


@cache
def ukrainian_sentence() -> guard.Guarded:
    return guard.compile(rf"\b(?:{_any(terms()['ukrainian_attack']['sentence'])})", regex.I)


# "both" joining two words is a conjunction: "missiles of both ballistic and cruise types".
BOTH_AND = guard.compile(r"\s+(?:[\w\-]+\s+){0,3}?(?:and|&)\b", regex.I)
# "one of the largest attacks", "one of the downed UAVs": not a count of one.
ONE_OF_THE = guard.compile(
    r"\s+of\s+(?:the|its|their|these|those)\s+(?:\w+ly\s+)?(?:\w+est|\w+ed|most|first|last|few|many)\b", regex.I
)
# "the majority of 135 drones", "most of the 40 missiles": a share of a whole; the whole was launched.
SHARE_OF = guard.compile(
    r"\b(?:majority|most|bulk|many|some|half|part|much|dozens|hundreds|rest|remainder)\s+of\s+(?:the\s+|all\s+)?\Z",
    regex.I,
)


@cache
def model_before() -> guard.Guarded:
    """A model name right before digits: "Shahid 136 drones", "Tu 95": the digits are a designator.
    Matched against the one word before the number (a full match, so one attempt)."""
    return guard.compile(rf"(?:{weapons.model_alternation()}|tu|su|mig|kh|x)", FLAGS)
