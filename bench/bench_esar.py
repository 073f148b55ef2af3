"""Importing 1,000 e-SAR report pages (seed 000 with 1,000 agency names under 20 ministries).

Run: `make bench` (or `.venv/bin/python bench/bench_esar.py`). Uses a throwaway SQLite
database, or the database in DATABASE_URL if set. Prints pages per second, the total and the
CPU time for a first import (agencies and indicators created) and for importing the same pages
again (indicators updated, their rows replaced).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GES_VAR_DIR", tempfile.mkdtemp(prefix="ges-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ges.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from ges.indicators.imports import import_esar_file  # noqa: E402
from ges.indicators.models import EvaluationItem, Indicator  # noqa: E402

PAGES = 1000
MINISTRIES = 20
SEED = Path(__file__).resolve().parent.parent / "ges" / "demo_seeds" / "000_f2d4ae963f1b8038.txt"


def write_pages(folder: Path) -> list[Path]:
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for number in range(1, PAGES + 1):
        page = text.replace("\nสำนักงบประมาณ\n", f"\nสำนักงบประมาณจำลอง {number:04d}\n", 1)
        page = page.replace("\n/ สำนักนายกรัฐมนตรี\n", f"\n/ กระทรวงจำลอง {number % MINISTRIES}\n", 1)
        path = folder / f"esar-{number:04d}.txt"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def run(label: str, paths: list[Path]) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        summary = import_esar_file(path, 2566)
        assert summary.ok, (path, summary.errors)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<28}{len(paths) / seconds:>10.0f}{seconds:>10.2f}{cpu:>10.2f}")


def main() -> None:
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="ges-esar-") as folder:
        paths = write_pages(Path(folder))
        print(f"{PAGES:,} e-SAR pages, 14 indicators and 30 evaluation items each")
        # CPU seconds are this process's own: the wall clock also counts a busy machine.
        print(f"{'import':<28}{'pages/s':>10}{'total s':>10}{'cpu s':>10}")
        run("first import (creates)", paths)
        run("same pages again (updates)", paths)
    indicators, items = Indicator.objects.count(), EvaluationItem.objects.count()
    print(f"in the database: {indicators:,} indicators, {items:,} evaluation items")


if __name__ == "__main__":
    main()
