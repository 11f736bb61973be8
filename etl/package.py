"""datapackage.json: the run's tables described as a Frictionless Data Package (fields, types,
descriptions, primary keys, sources and licences), from `tables.yaml`, the one place the columns are
described."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from etl.load import atomic_paths

TABLES_FILE = "tables.yaml"
# tables that carry the tally's figures take its licence (CC BY-NC-SA 4.0 asks for the same licence)
FROM_TALLY = {"tally"}


@cache
def described() -> dict:
    import yaml

    return yaml.safe_load(resources.files("etl").joinpath(TABLES_FILE).read_text(encoding="utf-8"))


def field_type(series: pd.Series) -> str:
    """The Table Schema type of a column as the CSV writes it."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def descriptor(tables: dict[str, pd.DataFrame]) -> dict:
    """The package for the tables written (name → the frame as written), each column described; a
    column without a description is an error that names it, so that the description cannot lag."""
    spec = described()
    resources_: list[dict] = []
    for name, frame in tables.items():
        table = spec["tables"][name]
        fields = []
        for column in frame.columns:
            text = table.get("fields", {}).get(column) or spec["fields"].get(column)
            if not text:
                raise KeyError(f"etl/{TABLES_FILE}: no description of {name}.{column}")
            fields.append({"name": column, "type": field_type(frame[column]), "description": text})
        schema: dict = {"fields": fields, "missingValues": [""]}
        if table["primary_key"]:
            schema["primaryKey"] = table["primary_key"]
        keys = [key for key in table.get("foreign_keys", []) if key["reference"]["resource"] in tables]
        if keys:
            schema["foreignKeys"] = keys
        resource = {
            "name": name,
            "path": f"{name}.csv",
            "title": table["title"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": schema,
            "sources": [spec["sources"][s] for s in table["sources"]],
        }
        if FROM_TALLY & set(table["sources"]):
            resource["licenses"] = [spec["licences"]["tally"]]
        resources_.append(resource)
    return {
        "name": "aerial-attack-statistics",
        "title": "Russian drone and missile attacks on Ukraine: launched and intercepted per raid",
        "description": (
            "Counts of drones and missiles launched, shot down and lost to electronic warfare, each "
            "read from its sentence (news) or post (the Air Force's bulletins), with P. Ivaniuk's "
            "tally of the Air Force's reports as the reference. News excerpts are quotes of their outlets."
        ),
        "resources": resources_,
    }


README_START = "<!-- columns of observations: generated from etl/tables.yaml by `python -m etl.package` -->"
README_END = "<!-- end of the generated columns -->"


def column_table(name: str, columns: list[str]) -> str:
    """A table's columns and their meaning as a Markdown table (the README's)."""
    spec = described()
    own = spec["tables"][name].get("fields", {})
    rows = [f"| `{c}` | {(own.get(c) or spec['fields'][c]).replace('|', '/')} |" for c in columns]
    return "\n".join(["| column | meaning |", "|---|---|", *rows])


def readme_with_columns(readme: str) -> str:
    """The README with its observations table regenerated between the markers."""
    from etl.schema import COLUMNS

    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return readme[:start] + "\n" + column_table("observations", list(COLUMNS)) + "\n" + readme[end:]


def write_package(names: list[str], out_dir: Path) -> Path:
    """datapackage.json for the tables already written in `out_dir`, typed as their Parquet files."""
    tables = {name: pq.read_schema(Path(out_dir) / f"{name}.parquet").empty_table().to_pandas() for name in names}
    target = Path(out_dir) / "datapackage.json"
    with atomic_paths(target) as (temporary,):
        temporary.write_text(json.dumps(descriptor(tables), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":  # regenerate the README's column table
    readme = Path(__file__).resolve().parent.parent / "README.md"
    readme.write_text(readme_with_columns(readme.read_text(encoding="utf-8")), encoding="utf-8")
