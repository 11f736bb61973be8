"""Loading and shaping the ETL's tables for the charts. Pure functions of DataFrames.

The dashboard never parses text: it reads `attacks` and `observations` as the ETL wrote them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from threading import Lock

import pandas as pd

from dashboard.classes import RATE_SERIES
from dashboard.evidence import Sources
from dashboard.raids import raid_ids
from dashboard.shape import attack_sizes, neutralise, periods_of, rolling_rate, stack_parts
from dashboard.state import ATTACKERS, WINDOWS
from dashboard.totals import class_totals
from etl.freshness import read_metadata
from etl.load import read_attacks, read_observations, read_reference
from etl.tally import ATTACK_KEY, MEASURES

MODEL_LAYERS = 16  # model-filtered layers kept (a few MB each)


@dataclass
class Layer:
    """One source of figures (news or reference) shaped for the charts, computed once."""

    totals: pd.DataFrame
    # the raid rows weeks, months and years are summed from: for the tally, its regional reports
    # added to the national ones (as the tally's own totals and the ETL's monthly/yearly tables count
    # them), while a raid drawn alone is the national report ("the largest attack: 823"); None: totals
    whole: pd.DataFrame | None = None
    parts: pd.DataFrame = field(init=False)
    whole_parts: pd.DataFrame = field(init=False)
    sizes: pd.DataFrame = field(init=False)
    rolling: dict[tuple[str, str, int], pd.DataFrame] = field(init=False)
    neutral_rolling: dict[tuple[str, str, int], pd.DataFrame] = field(init=False, default_factory=dict)
    periods: dict[tuple[str, str, str], pd.DataFrame] = field(init=False, default_factory=dict)

    def period_rows(self, which: str, resolution: str, measure: str) -> pd.DataFrame:
        """Per-period rows over the whole span (the default view), computed once when first asked."""
        key = (which, resolution, measure)
        if key not in self.periods:
            self.periods[key] = periods_of(self.period_totals, self.whole_parts, which, resolution, measure)
        return self.periods[key]

    def rolling_of(self, attacker: str, weapon_class: str, window: int, measure: str) -> pd.DataFrame:
        """The rolling rate of shot-down, or of neutralised (computed once, when first asked for)."""
        key = (attacker, weapon_class, window)
        if measure != "neutralised":
            return self.rolling[key]
        if key not in self.neutral_rolling:
            rows = neutralise(self.totals[self.totals["attacker"] == attacker])
            self.neutral_rolling[key] = rolling_rate(rows, weapon_class, window)
        return self.neutral_rolling[key]

    @property
    def period_totals(self) -> pd.DataFrame:
        return self.totals if self.whole is None else self.whole

    def __post_init__(self) -> None:
        self.parts = stack_parts(self.totals)
        self.whole_parts = self.parts if self.whole is None else stack_parts(self.whole)
        self.sizes = attack_sizes(self.totals)
        self.rolling = {
            (attacker, weapon_class, window): rolling_rate(
                self.totals[self.totals["attacker"] == attacker], weapon_class, window
            )
            for attacker in ATTACKERS
            for weapon_class in RATE_SERIES
            for window in WINDOWS
        }


@dataclass
class Data:
    """The tables and everything derived from them that does not depend on the filters, computed
    once at start-up so that callbacks only slice."""

    attacks: pd.DataFrame
    observations: pd.DataFrame
    reference: pd.DataFrame | None = None
    metadata: dict | None = None  # metadata.json: each source's newest date
    layers: dict[str, Layer] = field(init=False)
    _model_rows: dict[str, pd.DataFrame] = field(init=False, default_factory=dict)
    # the layers of the model filters asked for lately: each costs about half a second to compute,
    # and a user who filters on a model then changes dates or classes asks for it again
    _model_layers: OrderedDict[tuple[str, tuple[str, ...]], Layer] = field(init=False, default_factory=OrderedDict)
    _model_lock: Lock = field(init=False, default_factory=Lock)
    sources: Sources = field(init=False)

    def __post_init__(self) -> None:
        self.attacks = self.attacks.assign(date=pd.to_datetime(self.attacks["attack_date"]))
        self.layers = {"news": Layer(class_totals(news_only(self.attacks), "news"))}
        air_force = air_force_totals(self.reference, self.attacks)
        if not air_force.empty:
            self.layers["reference"] = Layer(
                air_force, whole=air_force_totals(with_regions(self.reference), self.attacks)
            )
        self.sources = Sources(self.observations, self.attacks)

    # the news layer, which every view has
    @property
    def totals(self) -> pd.DataFrame:
        return self.layers["news"].totals

    @property
    def parts(self) -> pd.DataFrame:
        return self.layers["news"].parts

    @property
    def sizes(self) -> pd.DataFrame:
        return self.layers["news"].sizes

    @property
    def rolling(self) -> dict[tuple[str, str, int], pd.DataFrame]:
        return self.layers["news"].rolling

    def primary(self, layer: str) -> Layer:
        """The timeline a view draws: the reference unless only the news is asked for (or there is
        no reference)."""
        return (
            self.layers["reference"]
            if layer in ("reference", "both") and "reference" in self.layers
            else self.layers["news"]
        )

    @property
    def models(self) -> list[str]:
        """Every model the news, the bulletins or the tally name (the tally alone has dozens)."""
        frames = [self.attacks[["weapon", "weapon_class"]]]
        if self.reference is not None:
            frames.append(self.reference[["weapon", "weapon_class"]])
        named = pd.concat(frames)
        return sorted(named.loc[named["weapon"] != named["weapon_class"], "weapon"].dropna().unique())

    def model_rows(self, layer: str) -> pd.DataFrame:
        """The rows naming a model for the layer shown (computed once per layer)."""
        key = "news" if layer == "news" else "reference"
        if key not in self._model_rows:
            self._model_rows[key] = model_rows(self.reference, self.attacks, key)
        return self._model_rows[key]

    def model_layer(self, layer: str, models: tuple[str, ...]) -> Layer:
        """The layer computed from the named models' rows only, so that a model filter filters
        every number (class totals, rates, sizes), not only which dates are drawn. The latest
        MODEL_LAYERS of them are kept."""
        tally = layer in ("reference", "both") and "reference" in self.layers
        key = ("reference" if tally else "news", tuple(sorted(set(models))))
        with self._model_lock:
            if key in self._model_layers:
                self._model_layers.move_to_end(key)
                return self._model_layers[key]
        computed = self._compute_model_layer(tally, key[1])
        with self._model_lock:
            self._model_layers[key] = computed
            while len(self._model_layers) > MODEL_LAYERS:
                self._model_layers.popitem(last=False)
        return computed

    def _compute_model_layer(self, tally: bool, models: tuple[str, ...]) -> Layer:
        attacks = self.attacks[self.attacks["weapon"].isin(models)]
        if tally:
            reference = self.reference[self.reference["weapon"].isin(models)] if self.reference is not None else None
            totals = air_force_totals(reference, attacks)
            if not totals.empty:
                return Layer(totals, whole=air_force_totals(with_regions(reference), attacks))
        return Layer(class_totals(news_only(attacks), "news"))

    @cached_property
    def raid_ids(self) -> frozenset[str]:
        """Every raid a comparison can name, in any layer."""
        return frozenset(r for layer in self.layers.values() for r in raid_ids(layer.totals))

    @property
    def dates(self) -> list[str]:
        dates = set(self.attacks["attack_date"].dropna())
        if "reference" in self.layers:
            dates |= set(self.layers["reference"].totals["attack_date"])
        return sorted(dates)


def load(data_dir: str | Path) -> Data:
    """The ETL's tables; the reference (reference.parquet) is used when the folder has it."""
    data_dir = Path(data_dir)
    reference = read_reference(data_dir) if (data_dir / "reference.parquet").exists() else None
    return Data(read_attacks(data_dir), read_observations(data_dir), reference, read_metadata(data_dir))


def news_only(attacks: pd.DataFrame, kind: str = "news") -> pd.DataFrame:
    """The attack rows with only what news reports (or, with `kind="bulletin"`, the Air Force's
    bulletins) stated: values the ETL filled in from the tally belong to the tally's layer."""
    frame = attacks.copy()
    for measure in MEASURES:
        source = f"{measure}_source"
        if source in frame:
            frame[measure] = frame[measure].where(frame[source] == kind)
    return frame[frame[list(MEASURES)].notna().any(axis=1)]


def air_force_totals(reference: pd.DataFrame | None, attacks: pd.DataFrame) -> pd.DataFrame:
    """The Air Force layer: the tally's raids, then the raids read from the Air Force's bulletins
    after the tally's last date (marked `bulletin`), so the timeline reaches the newest post."""
    parts = []
    last = None
    if reference is not None and not reference.empty:
        parts.append(class_totals(reference_attacks(reference), "reference"))
        last = str(reference["attack_date"].max())
    bulletins = news_only(attacks, "bulletin")
    if last is not None:
        bulletins = bulletins[bulletins["attack_date"] > last]
    if not bulletins.empty:
        # a bulletin states totals and their parts, like a news report: its classes are not disjoint
        parts.append(class_totals(bulletins, "bulletin").assign(bulletin=True))
    if not parts:
        return pd.DataFrame()
    totals = pd.concat(parts, ignore_index=True)
    totals["bulletin"] = totals["bulletin"].fillna(False).astype(bool) if "bulletin" in totals else False
    return totals


def with_regions(reference: pd.DataFrame | None) -> pd.DataFrame | None:
    """The tally with its regional reports (target south, Odesa oblast …) counted into their raid's
    national figures: what its published totals and the ETL's period tables sum."""
    return None if reference is None else reference.assign(scope="national")


def reference_attacks(reference: pd.DataFrame) -> pd.DataFrame:
    """The reference in the news attack table's shape, one row per raid, for class_totals."""
    grouped = reference.groupby(list(ATTACK_KEY), as_index=False)
    frame = grouped[list(MEASURES)].sum(min_count=1)
    frame["documents"] = grouped["reports"].sum()["reports"].to_numpy()
    frame["sources"] = "reference"
    for measure in MEASURES:
        frame[f"{measure}_qualifier"] = None
        frame[f"{measure}_conflict"] = False
    return frame


def model_rows(reference: pd.DataFrame | None, attacks: pd.DataFrame, layer: str) -> pd.DataFrame:
    """The rows that name a model, for the layer shown: the tally's (then the bulletins' after it)
    or the news reports'."""
    columns = ["attack_date", "raid", "attacker", "weapon_class", "weapon", *MEASURES]
    if layer == "news" or reference is None or reference.empty:
        frames = [news_only(attacks, "news")]
    else:
        last = str(reference["attack_date"].max())
        bulletins = news_only(attacks, "bulletin")
        frames = [reference, bulletins[bulletins["attack_date"] > last]]
    rows = pd.concat([f[columns] for f in frames if not f.empty], ignore_index=True)
    return rows[rows["weapon"] != rows["weapon_class"]]
