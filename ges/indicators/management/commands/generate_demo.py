import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ges.indicators.synthetic import generate_demo


class Command(BaseCommand):
    help = (
        "Add synthetic organisations with FY2567 indicators, items and baselines at national "
        "scale, for benchmarks (not part of the demo data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agencies", type=int, default=9000, help="organisations to add")
        parser.add_argument("--indicators", type=int, default=15, help="indicators per agency")
        parser.add_argument("--seed", type=int, default=2569, help="the same seed, the same data")
        parser.add_argument("--prefix", default="SYN", help="code prefix of the organisations")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        try:
            generated = generate_demo(
                options["agencies"],
                indicators=options["indicators"],
                seed=options["seed"],
                prefix=options["prefix"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - start
        self.stdout.write(f"Generated {generated} in {elapsed:.1f} s.")
