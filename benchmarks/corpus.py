"""A benchmark corpus of any size, deterministic from a seed: sharded JSON Lines in which a chosen
share of the documents are attack reports (the bundled English news passages and Air Force
bulletins, under new ids) and the rest unrelated news-like text full of distractor numbers, with
now and then a near-miss word ("launched a product", "a strike at the port", "drone racing").

    python benchmarks/corpus.py OUT_DIR --megabytes 50 --share 0.1 [--seed 7] [--shard-megabytes 16]

The unrelated text is generated from templates, not collected: the stored web pages are where the
unseen passages that judge the extraction come from, and they must not leak into the project.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = (ROOT / "data" / "raw" / "news_dev.jsonl", ROOT / "data" / "raw" / "kpszsu_bulletins.jsonl")

CITIES = ["Lviv", "Warsaw", "Vilnius", "Odesa", "Kharkiv", "Berlin", "Prague", "Dnipro", "Riga", "Chernivtsi"]
TEAMS = ["Shakhtar", "Dynamo", "Zorya", "Vorskla", "Oleksandriya", "Kryvbas", "Polissya", "Rukh"]
COMPANIES = ["Kyivstar", "Nova Poshta", "Naftogaz", "Ukrzaliznytsia", "Monobank", "Rozetka", "Metinvest"]
# Everyday news sentences with numbers in them.
TEMPLATES = [
    "{city} city council approved a budget of {n} million hryvnias on {day}, with {m} deputies in favour.",
    "{team} beat {team2} {a}-{b} in front of {n:,} fans; the keeper made {m} saves.",
    "Grain exports reached {n:,} thousand tonnes in {month}, up {p} percent on the {m} months before.",
    "Temperatures in {city} fell to minus {a} degrees overnight; {m} schools moved classes online.",
    "The central bank kept its rate at {p} percent; inflation was {a}.{b} percent in {month}.",
    "{company} said {n:,} customers were without service for {m} hours after a cable was cut near {city}.",
    "A new bridge over the river near {city} will cost {n} million euros and take {m} years to build.",
    "The museum in {city} reopened {m} halls and showed {n:,} objects, {a} of them for the first time.",
    "Rail traffic between {city} and {city2} resumed on {day} after {m} hours; {n:,} passengers were delayed.",
]
# Near misses, about one sentence in forty: numbers beside words the extractor listens for in
# other senses (a product launched, a pass intercepted, a drone race, a sales target, a strike).
NEAR_MISSES = [
    "{company} launched {m} new products this quarter and said revenue rose {p} percent to {n:,} million.",
    "The {city} drone racing league drew {m} teams and {n:,} spectators to its final on {day}.",
    "{team}'s midfield intercepted {m} passes; {team2} missed the target {a} times.",
    "Dock workers in {city} went on a {m}-day strike; about {n:,} containers were held at the port.",
    "{company} set a target of {n:,} new customers and {m} new branches by {month}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def reports() -> list[dict]:
    """The bundled attack reports: their text and publication date."""
    found = []
    for path in REPORTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("text"):
                found.append({"text": row["text"], "published": row.get("published")})
    return found


def unrelated(rng: random.Random, sentences: int) -> str:
    """A news-like text of `sentences` sentences with distractor numbers, in paragraphs."""
    out = []
    for index in range(sentences):
        template = rng.choice(NEAR_MISSES if rng.random() < 1 / 40 else TEMPLATES)
        city, city2 = rng.sample(CITIES, 2)
        team, team2 = rng.sample(TEAMS, 2)
        out.append(
            template.format(
                city=city,
                city2=city2,
                team=team,
                team2=team2,
                company=rng.choice(COMPANIES),
                day=rng.choice(DAYS),
                month=rng.choice(MONTHS),
                n=rng.randint(10, 90_000),
                m=rng.randint(2, 60),
                a=rng.randint(0, 9),
                b=rng.randint(0, 9),
                p=rng.randint(1, 40),
            )
        )
        if index % 4 == 3:
            out.append("\n\n")
    return " ".join(out)


def documents(megabytes: float, share: float, seed: int, limit: int | None = None) -> Iterator[dict]:
    """Documents until `megabytes` of text (or `limit` documents): each an attack report with
    probability `share`, else unrelated text of a report's typical length (5 to 40 sentences)."""
    rng = random.Random(seed)
    pool = reports()
    budget = int(megabytes * 1_000_000)
    written = 0
    index = 0
    while written < budget and (limit is None or index < limit):
        if rng.random() < share:
            report = rng.choice(pool)
            row = {"id": f"report-{index}", "text": report["text"], "published": report["published"]}
        else:
            published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            row = {"id": f"other-{index}", "text": unrelated(rng, rng.randint(5, 40)), "published": published}
        written += len(row["text"].encode("utf-8"))
        index += 1
        yield row


def write(
    out_dir: Path,
    megabytes: float,
    share: float,
    seed: int = 7,
    shard_megabytes: float = 16,
    limit: int | None = None,
) -> list[Path]:
    """The corpus as shards of about `shard_megabytes` each: corpus-00000.jsonl, corpus-00001.jsonl…"""
    out_dir.mkdir(parents=True, exist_ok=True)
    shards: list[Path] = []
    handle = None
    size = 0
    try:
        for row in documents(megabytes, share, seed, limit):
            if handle is None or size >= shard_megabytes * 1_000_000:
                if handle is not None:
                    handle.close()
                shards.append(out_dir / f"corpus-{len(shards):05d}.jsonl")
                handle = shards[-1].open("w", encoding="utf-8")
                size = 0
            line = json.dumps(row, ensure_ascii=False) + "\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
    finally:
        if handle is not None:
            handle.close()
    return shards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--share", type=float, default=0.1, help="share of documents that are attack reports")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shard-megabytes", type=float, default=16)
    args = parser.parse_args()
    shards = write(args.out, args.megabytes, args.share, args.seed, args.shard_megabytes)
    print(f"{len(shards)} shard(s) in {args.out}")


if __name__ == "__main__":
    main()
