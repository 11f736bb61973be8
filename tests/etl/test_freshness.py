"""Every output says how recent each source is (issue #8)."""

from __future__ import annotations

import datetime as dt

from etl import freshness
from etl.validate import report


def test_metadata_records_each_sources_newest_date(processed):
    metadata = freshness.read_metadata(processed)
    assert metadata["sources"]["tally"]["last"] == "2026-06-07"
    assert metadata["sources"]["news"]["last"] <= metadata["sources"]["tally"]["last"]
    assert len(metadata["sources"]["tally"]["sha256"]) == 64
    assert freshness.through(metadata).startswith("data through: tally 2026-06-07, news ")


def test_stale_data_is_said_with_how_to_update(processed):
    metadata = freshness.read_metadata(processed)
    assert freshness.stale(metadata, dt.date(2026, 8, 20)) is None
    assert metadata["sources"]["bulletins"]["last"] == "2026-08-14"  # the bundled bulletins go past the tally
    warning = freshness.stale(metadata, dt.date(2026, 12, 2))
    assert "110 days old (2026-08-14)" in warning and "Updating the data" in warning


def test_validation_report_says_when_and_from_what(processed):
    from etl.load import read_attacks, read_observations

    text = report(read_attacks(processed), read_observations(processed), metadata=freshness.read_metadata(processed))
    assert "data through: tally 2026-06-07" in text and "sha256" in text


def test_the_dashboard_header_shows_data_through(data):
    from dashboard import ids
    from dashboard.layout import layout

    page = layout(data)
    found = []

    def walk(node):
        if getattr(node, "id", None) == ids.FRESHNESS:
            found.append(node)
        for child in getattr(node, "children", None) or []:
            if hasattr(child, "children") or hasattr(child, "id"):
                walk(child)

    walk(page)
    assert found and "Data through: tally 2026-06-07" in found[0].children[0]
