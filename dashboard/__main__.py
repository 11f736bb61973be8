"""python -m dashboard [--host H] [--port P] [--data DIR]: serve the dashboard with waitress."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from waitress import serve

from dashboard.app import DEFAULT_DATA, MAX_REQUEST_BYTES, create_app
from etl.load import HalfWritten


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument(
        "--data", default=str(DEFAULT_DATA), help="folder with attacks.*, observations.* and sentences.*"
    )
    args = parser.parse_args(argv)
    tables = ("attacks.parquet", "observations.parquet", "sentences.parquet")
    missing = [name for name in tables if not (Path(args.data) / name).exists()]
    if missing:
        print(f"no {', '.join(missing)} in {args.data}: run `python -m etl run` first", file=sys.stderr)
        return 1
    try:
        app = create_app(args.data)
    except (HalfWritten, OSError, ValueError) as exc:  # a half-moved run, an unreadable or invalid table
        print(f"cannot read the tables in {args.data}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"dashboard on http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    # production WSGI server, debug off; no "Server" banner, request bodies capped
    serve(app.server, host=args.host, port=args.port, threads=8, ident="", max_request_body_size=MAX_REQUEST_BYTES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
