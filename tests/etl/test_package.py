"""datapackage.json: every run describes its tables as a Frictionless Data Package (issue #12)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from etl.package import descriptor


def test_the_run_writes_a_valid_data_package(processed):
    from frictionless import validate

    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"observations", "attacks", "raids", "monthly", "yearly", "reference"} <= names
    report = validate(processed / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_column_is_described_and_typed(processed):
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        written = pd.read_parquet(processed / f"{resource['name']}.parquet")
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(written.columns)
        assert all(f["description"] for f in fields)
    attacks = next(r for r in package["resources"] if r["name"] == "attacks")
    types = {f["name"]: f["type"] for f in attacks["schema"]["fields"]}
    assert (types["launched"], types["attack_date"]) == ("integer", "string")
    reference = next(r for r in package["resources"] if r["name"] == "reference")
    assert reference["licenses"][0]["name"] == "CC-BY-NC-SA-4.0"  # the tally's licence travels with it


def test_a_column_without_a_description_is_named():
    with pytest.raises(KeyError, match=r"attacks\.brand_new"):
        descriptor({"attacks": pd.DataFrame({"attack_date": ["2025-07-04"], "brand_new": [1]})})


def test_the_readmes_column_table_is_generated_from_tables_yaml():
    from etl.package import readme_with_columns
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_columns(readme) == readme, "run `python -m etl.package` to regenerate the README's table"
