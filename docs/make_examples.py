"""Make the README's example report packs: the demo council's Cabinet pack for Q3 2008/09 as HTML and PDF, built
into a fresh temporary database and written by the command line, exactly as an officer would write them.

    python docs/make_examples.py

The same as `python -m dashboard report --period 'Q3 2008/09' --audience cabinet -o FILE` on the demo council;
only the data version inside changes from one run to the next (it holds the time the demo was loaded)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.cli import main as cli  # noqa: E402
from data.db import sqlite_url  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"
NAME = "cabinet-Q3-2008-09"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "demo.sqlite3")
        if cli(["--database-url", url, "demo"]) != 0:
            return 1
        for ending in ("html", "pdf"):
            out = EXAMPLES / f"{NAME}.{ending}"
            if cli(["--database-url", url, "report", "--period", "Q3 2008/09", "--audience", "cabinet",
                    "-o", str(out)]) != 0:
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
