"""Compare the news-derived attacks with the reference: python -m etl validate [--data DIR].

For every national Russian attack × weapon present in both, launched and intercepted are judged
exact, within 5 %, or different; the report (Markdown) gives the agreement rates and the worst
disagreements with the sentences they came from, so a reader can see which side is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.freshness import read_metadata, through
from etl.load import atomic_paths, read_attacks, read_observations
from etl.tally import agreement

COMPARED = ("launched", "intercepted")


def comparisons(attacks: pd.DataFrame) -> pd.DataFrame:
    """One row per attack × weapon × measure stated by the news and the reference."""
    rows = []
    for measure in COMPARED:
        own = attacks[f"{measure}_source"].isin(["news", "bulletin"])
        both = attacks[own & attacks[f"reference_{measure}"].notna()]
        for _, row in both.iterrows():
            news, reference = float(row[measure]), float(row[f"reference_{measure}"])
            rows.append(
                {
                    "attack_date": row["attack_date"],
                    "weapon": row["weapon"],
                    "source": row[f"{measure}_source"],
                    "measure": measure,
                    "news": int(news),
                    "qualifier": row[f"{measure}_qualifier"],
                    "reference": int(reference),
                    "verdict": agreement(news, reference),
                    "gap": abs(news - reference) / max(reference, 1),
                    "sources": row["sources"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "attack_date",
            "weapon",
            "source",
            "measure",
            "news",
            "qualifier",
            "reference",
            "verdict",
            "gap",
            "sources",
        ],
    )


def report(attacks: pd.DataFrame, observations: pd.DataFrame, worst: int = 10, metadata: dict | None = None) -> str:
    table = comparisons(attacks)
    lines = ["# News-derived attacks against the reference (Air Force tally, Kaggle / Petro Ivaniuk)", ""]
    lines += provenance(metadata)
    if table.empty:
        return "\n".join([*lines, "No attack is present in both the news and the reference."])
    counts = table["verdict"].value_counts()
    agree = counts.get("exact", 0) + counts.get("within 5%", 0)
    lines += [
        f"Attack × weapon rows in both: {table[['attack_date', 'weapon']].drop_duplicates().shape[0]}; "
        f"figures compared: {len(table)}.",
        "",
        "| measure | compared | exact | within 5 % | differ | agreement (exact or within 5 %) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_source = [(f"{source}: {measure}", group) for (source, measure), group in table.groupby(["source", "measure"])]
    for measure, group in [*by_source, ("all", table)]:
        c = group["verdict"].value_counts()
        ok = c.get("exact", 0) + c.get("within 5%", 0)
        lines.append(
            f"| {measure} | {len(group)} | {c.get('exact', 0)} | {c.get('within 5%', 0)} | {c.get('differs', 0)} "
            f"| {ok / len(group):.1%} |"
        )
    lines += ["", f"Overall agreement: **{agree / len(table):.1%}** ({agree} of {len(table)}).", ""]
    lines += ["## Worst disagreements", ""]
    for _, row in table[table["verdict"] == "differs"].sort_values("gap", ascending=False).head(worst).iterrows():
        qualifier = f" ({row['qualifier'].replace('_', ' ')})" if isinstance(row["qualifier"], str) else ""
        lines.append(
            f"- **{row['attack_date']} {row['weapon']}, {row['measure']}**: news {row['news']:,}{qualifier}, "
            f"reference {row['reference']:,} ({row['gap']:.0%} apart)"
        )
        evidence = observations[
            observations["doc_id"].isin(str(row["sources"]).split())
            & (observations["attack_date"] == row["attack_date"])
        ]["evidence"].drop_duplicates()
        lines += [f"  > {sentence}" for sentence in evidence.head(2)]
    return "\n".join(lines) + "\n"


def provenance(metadata: dict | None) -> list[str]:
    """When the tables were built, what each source covers, and which tally file (by hash)."""
    if not metadata:
        return ["Built: unknown (no metadata.json beside the tables).", ""]
    tally = metadata["sources"].get("tally") or {}
    lines = [f"Built: {metadata.get('built') or 'unknown'}; {through(metadata)}."]
    if tally:
        lines.append(
            f"Tally: `{tally.get('file', '?')}` (sha256 `{tally.get('sha256', '?')}`), "
            f"attacks {tally['first']} … {tally['last']}. News rows are compared with the tally's raid "
            "of the same kind (a night with the night, a daytime raid with the day)."
        )
    return [*lines, ""]


def main(data_dir: str | Path) -> int:
    data_dir = Path(data_dir)
    text = report(read_attacks(data_dir), read_observations(data_dir), metadata=read_metadata(data_dir))
    target = data_dir / "validation.md"
    with atomic_paths(target) as (temp,):
        temp.write_text(text, encoding="utf-8")
    print(text.split("## Worst")[0].strip())
    print(f"\nwrote {target}")
    return 0
