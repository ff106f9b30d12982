"""Rebuild data/catalogue.json from data/seeds/*.txt.

Usage: python scripts/build_catalogue.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from readlist.store.bundled import build_from_package  # noqa: E402


def main() -> None:
    """Write the catalogue and say how many papers it holds."""
    content = build_from_package()
    target = ROOT / "data" / "catalogue.json"
    target.write_bytes(content)
    count = len(orjson.loads(content)["papers"])
    print(f"wrote {target.relative_to(ROOT)}: {count} papers")


if __name__ == "__main__":
    main()
