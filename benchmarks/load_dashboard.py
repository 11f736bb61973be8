"""The dashboard under load, served as `python -m dashboard` serves it (waitress, 8 threads), in its
own process:

    python benchmarks/load_dashboard.py [--clients 50] [--seconds 30] [--data DIR]

1. unloaded: one client asking for the default view's charts, again and again → its p95;
2. load: `--clients` clients for `--seconds`, each loading the page (HTML, layout, dependencies)
   and then asking for the default view's charts → errors (must be 0) and latencies;
3. flood: one normal client as in 1 while 8 attackers send the URL sync callback a link comparing
   10,000 dates, each once a second (the issue's attack) → the normal client's p95 as a ratio to its
   unloaded p95 (target ≤ 2×); then the same 8 back to back, and as a control 8 clients sending
   ordinary requests back to back (what any 8 busy clients cost a 2-core server).

Requests are the ones the page itself sends (POST /_dash-update-component with the callback's
inputs), built from the app's own callback map.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import ids  # noqa: E402  - after the path set-up above
from dashboard.state import CLASSES  # noqa: E402

DEFAULTS = {
    (ids.START_END, "start_date"): None,
    (ids.START_END, "end_date"): None,
    (ids.CLASSES, "value"): list(CLASSES),
    (ids.MODELS, "value"): [],
    (ids.ATTACKER, "value"): "RU",
    (ids.WINDOW, "value"): 30,
    (ids.COMPARE_DATES, "value"): [],
    (ids.LAYER, "value"): "reference",
    (ids.RESOLUTION, "value"): "auto",
    (ids.RATE_MEASURE, "value"): "intercepted",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def callback_body(port: int, output_start: str, values: dict[tuple[str, str], object]) -> bytes:
    """The body the page posts for the callback whose output starts with `output_start`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/_dash-dependencies")
    dependencies = json.loads(connection.getresponse().read())
    connection.close()
    spec = next(d for d in dependencies if d["output"].startswith(output_start))
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]} for part in spec["output"].strip(".").split("...")
    ]
    inputs = [{**i, "value": values.get((i["id"], i["property"]))} for i in spec["inputs"]]
    state = [{**s, "value": values.get((s["id"], s["property"]))} for s in spec["state"]]
    return json.dumps(
        {"output": spec["output"], "outputs": outputs, "inputs": inputs, "changedPropIds": [], "state": state}
    ).encode()


class Client:
    """One browser-like client on a kept-alive connection, recording each request's time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.times: list[float] = []
        self.errors: list[str] = []

    def send(self, method: str, path: str, body: bytes | None = None) -> None:
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"} if body else {}
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
            if response.status != 200:
                self.errors.append(f"{method} {path}: HTTP {response.status}")
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{method} {path}: {type(exc).__name__}: {exc}")
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        self.times.append(time.perf_counter() - start)


def run_for(seconds: float, work, clients: list[Client]) -> None:
    """Each client runs `work(client)` again and again for `seconds`, in its own thread."""
    stop = time.perf_counter() + seconds

    def loop(client: Client) -> None:
        while time.perf_counter() < stop:
            work(client)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "processed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = args.data
        if not (data / "attacks.parquet").exists():
            data = Path(folder)
            subprocess.run([sys.executable, "-m", "etl", "run", "--out", str(data)], check=True, cwd=ROOT)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port), "--data", str(data)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            measure(port, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_for(port: int, seconds: float = 120) -> None:
    """Until the server accepts connections (it loads the data first)."""
    deadline = time.perf_counter() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.2)


def measure(port: int, clients: int, seconds: float) -> None:
    charts = callback_body(port, f"..{ids.RATE_GRAPH}.figure", DEFAULTS)
    days = [(dt.date(2000, 1, 1) + dt.timedelta(days=n)).isoformat() for n in range(10_000)]
    flood = callback_body(port, f"..{ids.URL}.search", {**DEFAULTS, (ids.URL, "search"): "?compare=" + ",".join(days)})

    def view(client: Client) -> None:
        client.send("POST", "/_dash-update-component", charts)

    def visit(client: Client) -> None:
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            client.send("GET", path)
        view(client)

    def attack(client: Client) -> None:
        client.send("POST", "/_dash-update-component", flood)

    alone = [Client(port)]
    run_for(min(seconds, 10), view, alone)
    unloaded = p95(alone[0].times)
    print(f"unloaded: the default view's charts, p95 {unloaded * 1000:.0f} ms ({len(alone[0].times)} requests)")

    crowd = [Client(port) for _ in range(clients)]
    run_for(seconds, visit, crowd)
    times = [t for c in crowd for t in c.times]
    errors = [e for c in crowd for e in c.errors]
    print(
        f"load: {clients} clients for {seconds:.0f} s, {len(times):,} requests ({len(times) / seconds:.0f}/s), "
        f"errors {len(errors)}, p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms"
    )
    for error in sorted(set(errors))[:5]:
        print(f"  {error}")

    # the attack: 8 links comparing 10,000 dates at a time, each of which once held a server
    # thread for 24 s; then the same 8 clients sending back to back (a flood by volume), and as a
    # control 8 clients sending ordinary requests back to back
    def burst(client: Client) -> None:
        attack(client)
        time.sleep(1)

    for name, work in (
        ("8 compare links of 10,000 dates, each client one a second", burst),
        ("8 clients sending those links back to back", attack),
        ("control: 8 clients sending the default view back to back", view),
    ):
        normal, attackers = [Client(port)], [Client(port) for _ in range(8)]
        flooding = threading.Thread(target=run_for, args=(min(seconds, 15), work, attackers), daemon=True)
        flooding.start()
        run_for(min(seconds, 15), view, normal)
        flooding.join()
        loaded = p95(normal[0].times)
        sent = [t for c in attackers for t in c.times]
        print(
            f"{name}: {len(sent):,} requests (p95 {p95(sent) * 1000:.0f} ms, errors "
            f"{sum(len(c.errors) for c in attackers)}); a normal request's p95 {loaded * 1000:.0f} ms = "
            f"{loaded / unloaded:.2f}× unloaded (target ≤ 2× for the first), errors {len(normal[0].errors)}"
        )


if __name__ == "__main__":
    main()
