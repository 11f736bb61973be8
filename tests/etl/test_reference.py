"""The reference importer on the bundled copy (figures from its README) and on broken input."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.__main__ import main
from etl.reference import ReferenceError, import_reference
from etl.schema import check_reference
from tests.conftest import ROOT

BUNDLED = ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def reference():
    frame, report = import_reference(BUNDLED)
    return check_reference(frame), report


def test_every_row_is_read_and_none_counted_twice(reference):
    frame, report = reference
    assert report.rows == 3770
    raw = pd.read_csv(BUNDLED / "missile_attacks_daily.csv")
    assert frame["launched"].sum() == raw["launched"].sum() == 118_578
    assert frame["intercepted"].sum() == raw["destroyed"].sum() == 90_084


def test_headline_drone_totals(reference):
    frame, _ = reference
    drones = frame[frame["weapon_class"] == "drone"]
    assert (drones["launched"].sum(), drones["intercepted"].sum(), drones["ew_lost"].sum()) == (111_196, 85_774, 12_948)


def test_largest_attack_is_2025_09_07_with_823(reference):
    frame, _ = reference
    sizes = frame[frame["scope"] == "national"].groupby(["attack_date", "raid"])["launched"].sum()
    assert sizes.idxmax() == ("2025-09-07", "night") and sizes.max() == 823
    assert sizes[("2026-05-13", "day")] == 753  # a daytime raid is its own attack


def test_models_are_normalised_and_bundles_kept_whole(reference):
    frame, report = reference
    weapons = set(frame["weapon"])
    assert {"Kh-101/Kh-555", "S-300", "Kh-59/Kh-69", "Kinzhal", "Shahed-136/131"} <= weapons
    assert not any(w.startswith(("X-", "C-")) for w in weapons)
    bundle = frame[frame["reference_models"] == "X-101/X-555 and Kalibr and Iskander-K"]
    assert set(bundle["weapon_class"]) == {"cruise_missile"} and set(bundle["weapon"]) == {
        "Kh-101/Kh-555 + Kalibr + Iskander-K"
    }
    mixed = frame[frame["reference_models"] == "C-400 and Iskander-M"]
    assert set(mixed["weapon_class"]) == {"missile"}
    # the catalogue's names the vocabulary lacked (Aerial Bomb, GBU, Kub, Orion) are in it now
    assert report.unknown_models == {}
    assert set(frame.loc[frame["weapon"].isin(["Kub", "Orion"]), "weapon_class"]) == {"drone"}
    assert set(frame.loc[frame["weapon"].isin(["Aerial Bomb", "GBU"]), "weapon_class"]) == {"other"}


def test_august_2025_change_is_flagged(reference):
    frame, _ = reference
    assert not frame.loc[frame["attack_date"] < "2025-08-01", "ew_merged"].any()
    assert frame.loc[frame["attack_date"] >= "2025-08-01", "ew_merged"].all()


def test_older_17_column_layout(tmp_path, reference):
    raw = pd.read_csv(BUNDLED / "missile_attacks_daily.csv", dtype=str)
    old = raw.drop(
        columns=[
            "target_main",
            "is_shahed",
            "num_hit_location",
            "num_fall_fragment_location",
            "turbojet",
            "turbojet_destroyed",
            "border_crossing",
        ]
    )
    old["cross_border_belarus"], old["back_russia"] = None, None
    assert len(old.columns) == 17
    old.to_csv(tmp_path / "missile_attacks_daily.csv", index=False)
    frame, _ = import_reference(tmp_path / "missile_attacks_daily.csv")
    assert frame["launched"].sum() == reference[0]["launched"].sum()


def test_newer_layout_hidden_counts_are_unknown_not_zero(tmp_path):
    raw = pd.read_csv(BUNDLED / "missile_attacks_daily.csv", dtype=str).head(20)
    raw["status_data"], raw["destroyed_types"] = None, "{}"
    raw.loc[0, ["status_data", "launched", "destroyed"]] = ["hidden", "0", "0"]  # the placeholder zeros
    raw.to_csv(tmp_path / "missile_attacks_daily.csv", index=False)
    frame, report = import_reference(tmp_path / "missile_attacks_daily.csv")
    assert report.hidden_rows == 1
    date, model = raw.loc[0, "time_end"][:10], raw.loc[0, "model"]
    alone = (raw["time_end"].str[:10] == date) & (raw["model"] == model) & (raw["target"] == raw.loc[0, "target"])
    assert alone.sum() == 1
    row = frame[(frame["attack_date"] == date) & (frame["reference_models"] == model)].iloc[0]
    assert pd.isna(row["launched"]) and pd.isna(row["intercepted"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns=["destroyed"]), "missing column(s) destroyed"),
        (lambda f: f.assign(launched=["many", *list(f["launched"][1:])]), "not counts (line 2)"),
        (lambda f: f.assign(time_end=["soon", *list(f["time_end"][1:])]), "time_end is not a date"),
    ],
)
def test_broken_input_is_a_clear_error_and_nothing_is_written(tmp_path, change, message):
    raw = pd.read_csv(BUNDLED / "missile_attacks_daily.csv", dtype=str).head(50)
    change(raw).to_csv(tmp_path / "missile_attacks_daily.csv", index=False)
    with pytest.raises(ReferenceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_reference(tmp_path)
    out = tmp_path / "out"
    assert main(["import-reference", str(tmp_path), "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())


def test_without_the_catalogue_the_same_classes_or_a_clear_error(tmp_path):
    """Issue #8: no silent reclassification when missiles_and_uavs.csv is missing. The tally's own
    names are in the vocabulary (same table without the catalogue); an unknown one is a clear error."""
    import shutil

    with_catalogue, _ = import_reference(BUNDLED)
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(BUNDLED / "missile_attacks_daily.csv", bare)
    without, _ = import_reference(bare)
    pd.testing.assert_frame_equal(with_catalogue, without)
    daily = bare / "missile_attacks_daily.csv"
    text = daily.read_text(encoding="utf-8-sig").splitlines()
    header, first = text[0], text[1]
    model = header.split(",").index("model")
    cells = first.split(",")
    cells[model] = "Mystery-9"
    daily.write_text("\n".join([header, ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match=r"Mystery-9.*add the model to the vocabulary or supply the catalogue"):
        import_reference(bare)


def test_sources_are_links():
    """Issue #12: the tally's `source` post paths become links a reader can open."""
    frame, _ = import_reference(BUNDLED)
    sources = frame["sources"].dropna().str.split().explode().dropna()
    assert len(sources) > 1000 and sources.str.startswith(("https://www.facebook.com/", "https://t.me/")).all()


def small_copy(folder, change) -> pd.DataFrame:
    """The bundled file's first 30 rows, changed, as `folder`/missile_attacks_daily.csv."""
    raw = change(pd.read_csv(BUNDLED / "missile_attacks_daily.csv", dtype=str).head(30))
    folder.mkdir(exist_ok=True)
    raw.to_csv(folder / "missile_attacks_daily.csv", index=False)
    return raw


def test_a_row_repeated_word_for_word_is_counted_once_and_reported(tmp_path):
    raw = small_copy(tmp_path / "repeated", lambda f: pd.concat([f, f.iloc[[3]]], ignore_index=True))
    small_copy(tmp_path / "once", lambda f: f)
    frame, report = import_reference(tmp_path / "repeated")
    single, _ = import_reference(tmp_path / "once")
    assert report.duplicate_lines == [len(raw) + 1]  # the repeat's line in the file (line 1 = header)
    assert any("word for word" in line for line in report.lines())
    assert frame["launched"].sum() == single["launched"].sum()  # not summed twice


def test_a_time_zone_in_the_times_is_the_same_local_time(tmp_path):
    raw = small_copy(tmp_path, lambda f: f)
    plain, _ = import_reference(tmp_path)
    zoned = tmp_path / "zoned"
    zoned.mkdir()
    raw.assign(time_start=raw["time_start"] + "+03:00", time_end=raw["time_end"] + "+03:00").to_csv(
        zoned / "missile_attacks_daily.csv", index=False
    )
    frame, _ = import_reference(zoned)
    columns = ["attack_date", "raid", "weapon", "launched", "intercepted"]
    assert frame[columns].equals(plain[columns])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(launched=["99999999999999999999", *list(f["launched"][1:])]), "not counts (line 2)"),
        (lambda f: f.head(0), "a header and no rows"),
    ],
)
def test_impossible_counts_and_empty_files_are_errors(tmp_path, change, message):
    small_copy(tmp_path, change)
    with pytest.raises(ReferenceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_reference(tmp_path)


def test_a_row_without_a_model_is_skipped_and_named(tmp_path):
    small_copy(tmp_path, lambda f: f.assign(model=[None, *list(f["model"][1:])]))
    _, report = import_reference(tmp_path)
    assert report.lines_without_model == [2] and any("without a model" in line for line in report.lines())
