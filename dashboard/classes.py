"""The weapon classes a user filters and charts by: their labels and fixed colours."""

from __future__ import annotations

# The classes a user filters and charts by; "missiles" sums the missile classes of one attack.
LABELS = {
    "drone": "Drones",
    "cruise_missile": "Cruise missiles",
    "ballistic_missile": "Ballistic missiles",
    "missile": "Missiles (type not stated)",
    "mixed": "Drones and missiles together",
    "all_missiles": "All missiles",
}
# Okabe–Ito: distinguishable with the common colour-vision deficiencies, fixed per class.
COLOURS = {
    "drone": "#E69F00",
    "cruise_missile": "#0072B2",
    "ballistic_missile": "#D55E00",
    "missile": "#009E73",
    "mixed": "#CC79A7",
    "all_missiles": "#000000",
}
RATE_SERIES = ["drone", "cruise_missile", "ballistic_missile", "all_missiles"]
