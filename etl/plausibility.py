"""Counts a reader should look at twice: more intercepted (or lost to EW) than launched, or more of
a class than any raid has had (vocabulary/limits.yaml). Flagged in `problems`, never dropped or
changed: a wrong number must stay visible to be found."""

from __future__ import annotations

import pandas as pd

from etl import vocabulary


def flag_implausible(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    limits = vocabulary.load("limits.yaml")["per_raid"]
    launched = pd.to_numeric(frame["launched"], errors="coerce")
    notes: list[pd.Series] = []
    for measure in ("intercepted", "ew_lost"):
        value = pd.to_numeric(frame[measure], errors="coerce")
        notes.append((value > launched).map({True: f"{measure} above launched", False: None}))
    largest = pd.concat([pd.to_numeric(frame[m], errors="coerce") for m in ("launched", "intercepted")], axis=1).max(
        axis=1
    )
    limit = frame["weapon_class"].map(limits)
    notes.append((largest > limit).map({True: "more than any raid has had", False: None}))
    joined = pd.concat([frame.get("problems", pd.Series(None, index=frame.index)), *notes], axis=1)
    frame = frame.copy()
    frame["problems"] = [
        "; ".join(v for v in row if isinstance(v, str)) or None for row in joined.itertuples(index=False)
    ]
    return frame
