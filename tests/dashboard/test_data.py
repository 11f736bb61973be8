"""Shaping the tables for the charts: class totals, rolling rate, ranks, URL state, CSV export."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import class_totals
from dashboard.export import to_csv
from dashboard.figures import compare_figure
from dashboard.raids import compare
from dashboard.shape import attack_sizes, rolling_rate
from dashboard.state import State, query_from_state, state_from_query


def attack(date: str, weapon_class: str, weapon: str | None = None, **values) -> dict:
    row = {
        "attack_date": date,
        "attacker": "RU",
        "scope": "national",
        "weapon_class": weapon_class,
        "weapon": weapon or weapon_class,
        "documents": 1,
        "sources": "doc",
        "raid": values.get("raid", "night"),
    }
    for measure in ("launched", "intercepted", "ew_lost"):
        row[measure] = values.get(measure)
        row[f"{measure}_qualifier"] = values.get(f"{measure}_qualifier")
        row[f"{measure}_documents"] = 1
        row[f"{measure}_conflict"] = False
    return row


def totals_of(*rows) -> pd.DataFrame:
    return class_totals(pd.DataFrame(list(rows)))


def test_class_figure_prefers_the_reports_own_class_figure():
    # seed 000: "nearly 600 drones" with no model; a model row on the same night must not add to it
    totals = totals_of(
        attack("2025-08-28", "drone", launched=600, launched_qualifier="upper_bound", intercepted=563),
        attack("2025-08-28", "drone", "Shahed-136/131", launched=500),
    )
    drone = totals[totals["weapon_class"] == "drone"].iloc[0]
    assert (drone["launched"], drone["intercepted"], bool(drone["approximate"])) == (600, 563, True)


def test_all_missiles_is_the_reports_figure_else_the_sum_of_types():
    stated = totals_of(
        attack("2025-08-28", "missile", intercepted=26),
        attack("2025-08-28", "cruise_missile", "Kh-101/Kh-555", launched=20),
    )
    assert stated[stated["weapon_class"] == "all_missiles"].iloc[0]["intercepted"] == 26
    summed = totals_of(
        attack("2024-08-26", "cruise_missile", launched=115, intercepted=102),
        attack("2024-08-26", "ballistic_missile", launched=12, intercepted=0),
    )
    assert summed[summed["weapon_class"] == "all_missiles"].iloc[0]["launched"] == 127


def test_rolling_rate_is_ratio_of_sums_not_mean_of_rates():
    totals = totals_of(
        attack("2025-01-01", "drone", launched=5, intercepted=5),
        attack("2025-01-02", "drone", launched=500, intercepted=250),
    )
    rate = rolling_rate(totals, "drone", 7).dropna()
    assert rate.iloc[-1]["rate"] == pytest.approx(255 / 505)


def test_rolling_line_breaks_across_long_gaps():
    totals = totals_of(
        attack("2025-01-01", "drone", launched=10, intercepted=5),
        attack("2025-06-01", "drone", launched=10, intercepted=10),
    )
    assert rolling_rate(totals, "drone", 30)["rate"].isna().sum() == 1


def test_sizes_rank_within_the_year_and_never_count_twice():
    totals = totals_of(
        attack("2025-07-09", "drone", launched=728),
        attack("2025-07-04", "drone", launched=550),
        attack("2025-07-04", "missile", launched=11),
        attack("2025-07-04", "mixed", launched=561),  # "561 drones and missiles" restates the parts
        attack("2024-08-26", "drone", launched=109),
    )
    sizes = attack_sizes(totals).set_index("attack_date")
    assert sizes.loc["2025-07-04", "launched"] == 561
    assert sizes.loc["2025-07-04", "rank_text"] == "2nd largest of 2025"
    assert sizes.loc["2025-07-09", "rank_text"] == "largest of 2025"
    assert sizes.loc["2024-08-26", "rank_text"] == "largest of 2024"


def test_compare_takes_differences_from_the_first_raid_picked_and_totals_each_class():
    totals = totals_of(
        attack("2025-07-04", "drone", launched=550, intercepted=270, ew_lost=208),
        attack("2025-07-09", "drone", launched=728, intercepted=718),
    )
    table = compare(totals, ["2025-07-09", "2025-07-04"]).set_index("raid_id")
    assert list(table.index) == ["2025-07-09", "2025-07-04", "total"]  # in the order picked
    earlier = table.loc["2025-07-04"]
    assert (earlier["launched_change"], earlier["intercepted_change"]) == (-178, -448)
    assert earlier["ew_lost"] == 208 and earlier["neutralised_rate"] == pytest.approx(478 / 550)
    total = table.loc["total"]
    assert (total["launched"], total["intercepted"], total["attack"]) == (1278, 988, "Total of 2 raids")
    assert total["rate"] == pytest.approx(988 / 1278)


def test_compare_draws_a_raid_whose_intercepts_are_not_stated():
    totals = totals_of(
        attack("2025-07-04", "drone", launched=550, intercepted=270),
        attack("2025-07-09", "drone", launched=728),
    )
    table = compare(totals, ["2025-07-04", "2025-07-09"]).set_index("raid_id")
    assert pd.isna(table.loc["2025-07-09", "intercepted"]) and pd.isna(table.loc["2025-07-09", "rate"])
    assert table.loc["total", "rate"] == pytest.approx(270 / 550)  # over the raid that states both
    figure = compare_figure(table.reset_index()[lambda t: t["raid_id"] != "total"])
    assert len(figure.data) == 4


def test_compare_names_a_daytime_raid_apart_from_the_night_of_its_date():
    totals = totals_of(
        attack("2026-03-24", "drone", launched=392, intercepted=365),
        attack("2026-03-24", "drone", launched=556, intercepted=541, raid="day"),
    )
    table = compare(totals, ["2026-03-24-day", "2026-03-24"]).set_index("raid_id")
    assert table.loc["2026-03-24-day", "launched"] == 556 and table.loc["2026-03-24", "launched"] == 392
    assert table.loc["2026-03-24", "attack"] == "2026-03-24 (night)"


def test_url_state_round_trip():
    state = State(
        start="2025-01-01",
        end="2025-09-30",
        classes=("drone",),
        attacker="UA",
        window=7,
        compare=("2025-07-04", "2025-07-09"),
    )
    assert state_from_query(query_from_state(state)) == state
    assert query_from_state(State()) == ""


@pytest.mark.parametrize(
    "search",
    [
        "?start=yesterday&end=2025-99-99",
        "?class=bogus&attacker=XX&window=9",
        "?compare=not-a-date",
        "?%%%&=&window=",
        "garbage",
    ],
)
def test_bad_url_parameters_are_ignored(search):
    assert state_from_query(search) == State()


def test_csv_export_is_excel_safe():
    frame = pd.DataFrame(
        {"evidence": ['=HYPERLINK("x")', "+1", "-2", "@sum", "plain"], "launched": [1, None, 3, 4, -5]}
    )
    text = to_csv(frame).decode("utf-8")
    assert text.startswith("\ufeffevidence,launched\r\n")  # CRLF: a lone CR inside a field is quoted
    assert text.lstrip("\ufeff").splitlines()[1:] == ['"\'=HYPERLINK(""x"")",1', "'+1,", "'-2,3", "'@sum,4", "plain,-5"]


def test_the_largest_raid_of_2025_is_the_tallys_823(data):
    """Issue #8: ranks are per raid; the tally's 2025-09-07 night raid (823) is 2025's largest."""
    sizes = data.layers["reference"].sizes
    of_2025 = sizes[(sizes["attacker"] == "RU") & (sizes["year"] == "2025")]
    largest = of_2025.nlargest(1, "launched").iloc[0]
    assert (largest["attack_date"], largest["raid"], int(largest["launched"])) == ("2025-09-07", "night", 823)


def test_two_raids_of_one_date_are_never_summed(data):
    """2026-03-24 holds a daytime raid (556) and a night raid (424): two attacks, not 980."""
    sizes = data.layers["reference"].sizes
    one_date = sizes[(sizes["attack_date"] == "2026-03-24") & (sizes["attacker"] == "RU")]
    assert sorted(one_date["launched"].astype(int)) == [424, 556]
    assert not sizes.duplicated(["attacker", "attack_date", "raid"]).any()
    assert sizes["launched"].max() < 900  # no date's raids added up (980, 892)


def test_a_day_raid_is_drawn_apart_from_the_night():
    totals = class_totals(
        pd.DataFrame(
            [
                {**attack("2026-03-24", "drone", launched=424), "raid": "night"},
                {**attack("2026-03-24", "drone", launched=556), "raid": "day"},
            ]
        )
    )
    assert sorted(totals["when"]) == ["2026-03-24", "2026-03-24 12:00"]


def test_all_missiles_has_no_rate_when_a_part_lacks_its_intercepts():
    """Issue #8: 4 of 8 = 50 % when Iskander's intercepts are unknown is not a rate."""
    totals = class_totals(
        pd.DataFrame(
            [
                attack("2025-07-21", "cruise_missile", "Kh-101/Kh-555", launched=4, intercepted=4),
                attack("2025-07-21", "ballistic_missile", "Iskander-M", launched=4),
            ]
        )
    )
    missiles = totals[totals["weapon_class"] == "all_missiles"].iloc[0]
    assert missiles["launched"] == 8 and pd.isna(missiles["rate"])
    cruise = totals[totals["weapon_class"] == "cruise_missile"].iloc[0]
    assert cruise["rate"] == 1.0


def test_the_default_view_reaches_the_newest_bulletin(data):
    """Issue #9: after the tally's last night (2026-06-07) the Air Force layer goes on with the
    bundled bulletins' nights, to 2026-08-14, marked as read from a bulletin."""
    from dashboard.state import state_from_query
    from dashboard.views import charts

    totals = data.layers["reference"].totals
    from_bulletins = totals[totals["bulletin"]]
    assert from_bulletins["attack_date"].min() > "2026-06-07"
    assert from_bulletins["attack_date"].max() == "2026-08-14"
    rate, size = charts(state_from_query("?res=raid"), data)
    drawn = [str(x) for trace in size.data if trace.x is not None for x in trace.x]
    assert max(drawn) >= "2026-08-14"
    _, months = charts(state_from_query(""), data)  # four years shown: per month by default
    assert "per month" in months.layout.title.text
    hovers = [str(t) for trace in rate.data if trace.text is not None for t in trace.text]
    assert any("Air Force's bulletin" in t for t in hovers)


def test_which_missile_types_are_hardest_to_intercept(data):
    """Issue #10: on the page, the missile types ranked by interception rate with their counts; each
    rate is Σ intercepted ÷ Σ launched of the tally's raids that state both."""
    from dashboard.shape import model_table

    rows = data.model_rows("reference")
    table = model_table(rows, "2025-01-01", "2025-12-31", "RU", ("cruise_missile", "ballistic_missile"))
    rated = table[table["interception_rate"].notna()]
    assert list(rated["interception_rate"]) == sorted(rated["interception_rate"])  # hardest first
    kh101 = table[table["weapon"] == "Kh-101/Kh-555"].iloc[0]
    iskander = table[table["weapon"] == "Iskander-M/KN-23"].iloc[0]
    assert iskander["interception_rate"] < kh101["interception_rate"]
    ref = data.reference
    mine = ref[(ref["weapon"] == "Kh-101/Kh-555") & ref["attack_date"].between("2025-01-01", "2025-12-31")]
    both = mine[mine["launched"].notna() & mine["intercepted"].notna()]
    assert kh101["interception_rate"] == round(both["intercepted"].sum() / both["launched"].sum(), 4)
    assert kh101["launched"] == mine["launched"].sum()


def test_the_headline_strip_answers_the_first_questions(data):
    """Issue #10: the latest raid, the last 30 days against the 30 before, the year so far against
    the same span of the year before, from the timeline's raids (dated by its newest raid)."""
    from dashboard.raids import headline

    sizes = data.layers["reference"].sizes
    lines = headline(sizes)
    assert lines[0].startswith("Latest raid: 2026-08-14 (night), 112 launched")
    ru = sizes[sizes["attacker"] == "RU"]
    dates = pd.to_datetime(ru["attack_date"])
    last30 = ru[(dates > pd.Timestamp("2026-08-14") - pd.Timedelta(days=30))]
    assert f"Last 30 days: {int(last30['launched'].sum()):,} launched" in lines[1]
    assert lines[2].startswith("2026 to 14 Aug: ") and "same span of 2025" in lines[2]


def test_the_headline_spans_count_the_regional_reports_as_the_monthly_chart_does(data):
    """The year so far in the headline is the sum of the monthly chart's bars over the same months."""
    from dashboard.raids import headline
    from dashboard.views import charts

    tally = data.layers["reference"]
    lines = headline(tally.sizes, attack_sizes(tally.period_totals))
    assert lines[0].startswith("Latest raid: 2026-08-14 (night), 112 launched")  # the national report
    _, size = charts(State(start="2025-01-01", end="2025-12-31", resolution="month"), data)
    year_2025 = sum(y for t in size.data if t.type == "bar" for y in t.y)
    whole = attack_sizes(tally.period_totals)
    whole = whole[(whole["attacker"] == "RU") & whole["attack_date"].str.startswith("2025")]
    assert whole["launched"].sum() == year_2025
    national = tally.sizes[(tally.sizes["attacker"] == "RU") & tally.sizes["attack_date"].str.startswith("2025")]
    assert national["launched"].sum() < year_2025  # the regional reports are what the old strip missed


def test_each_models_sparkline_is_its_launches_per_month_on_one_axis(data):
    """The per-model sparkline: launched per month over the dates shown, the same months for every
    row (so that shapes compare), adding up to the row's launched."""
    from dashboard.views import models

    rows = models(State(start="2025-01-01", end="2025-12-31"), data)
    assert len(rows) > 10
    for row in rows:
        line = row["monthly"]
        assert (line["from"], line["to"], len(line["launched"])) == ("2025-01", "2025-12", 12)
        assert sum(line["launched"]) == (row["launched"] or 0)


def test_a_model_filters_layer_is_computed_once_and_the_cache_is_bounded(data, monkeypatch):
    from dashboard import data as module

    first = data.model_layer("reference", ("Kh-101/Kh-555", "Kalibr"))
    assert data.model_layer("both", ("Kalibr", "Kh-101/Kh-555")) is first  # same models, same tally
    assert data.model_layer("news", ("Kalibr", "Kh-101/Kh-555")) is not first
    monkeypatch.setattr(module, "MODEL_LAYERS", 2)
    data.model_layer("reference", ("Kinzhal",))
    data.model_layer("reference", ("Iskander-M",))
    assert len(data._model_layers) == 2
    again = data.model_layer("reference", ("Kh-101/Kh-555", "Kalibr"))
    assert again is not first and again.totals.equals(first.totals)  # recomputed, the same numbers
