"""Score the whole nation: 9,000 agencies x 15 indicators of mixed kinds.

Run: .venv/bin/python bench/bench_scoring.py [--agencies N] [--seed S]

Prints figures only (never asserts timing): the time to read and validate the documents,
the time to score them (exact numbers; explanations stay lazy), a floor (a plain loop that
only adds weight x fixed score over the same loaded documents) and the ratio, then the cost
of writing every explanation for a sample.
"""

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ges.scoring import document_json, load_document, score_document
from ges.scoring.arithmetic import exact
from ges.scoring.document import Document

INDICATORS = 15
KINDS = ("levels", "levels", "lower", "step", "milestone", "points", "passfail", "hybrid", "groups")


def make_nation(agencies: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [make_agency(rng, number) for number in range(agencies)]


def make_agency(rng: random.Random, number: int) -> dict[str, object]:
    weights = _split(rng, 70, 10) + _split(rng, 30, INDICATORS - 10)
    indicators = []
    for index, weight in enumerate(weights):
        component = "PB" if index < 10 else "PT"
        indicator = _indicator(rng, f"{index + 1}", weight)
        indicator["component"] = component
        indicators.append(indicator)
    if rng.random() < 0.1:
        chosen = rng.randrange(INDICATORS)
        indicators[chosen] = _exempt(indicators[chosen])
    return {
        "scale": 100,
        "decimals": 3,
        "agency": f"A{number:05d}",
        "result_levels": [
            [90, "ระดับคุณภาพ"],
            [75, "ระดับมาตรฐานขั้นสูง"],
            [60, "ระดับมาตรฐานขั้นต้น"],
            [0, "ระดับต้องปรับปรุง"],
        ],
        "components": [{"code": "PB", "weight": 70}, {"code": "PT", "weight": 30}],
        "indicators": indicators,
    }


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [after - before for before, after in zip([0, *cuts], [*cuts, total], strict=True)]


def _exempt(indicator: dict[str, object]) -> dict[str, object]:
    return {key: indicator[key] for key in ("code", "weight", "component")} | {"exempt": True}


def _indicator(rng: random.Random, code: str, weight: int) -> dict[str, object]:
    if rng.random() < 0.07:
        first = rng.randint(1, 99)
        return {
            "code": code,
            "weight": weight,
            "children": [
                {"code": f"{code}.1", "weight": first, **_leaf(rng, "levels")},
                {"code": f"{code}.2", "weight": 100 - first, **_leaf(rng, "milestone")},
            ],
        }
    leaf = {"code": code, "weight": weight, **_leaf(rng, rng.choice(KINDS))}
    if rng.random() < 0.05:
        leaf["conditions"] = [{"label": "ผู้ตอบแบบสอบถามไม่น้อยกว่าร้อยละ 90", "met": rng.random() < 0.5}]
    return leaf


def _leaf(rng: random.Random, kind: str) -> dict[str, object]:
    return _BUILDERS[kind](rng)


def _levels(rng: random.Random) -> dict[str, object]:
    low = Decimal(rng.randint(6000, 8000)) / 100  # agency-specific: rarely the same twice
    criteria = {"kind": "levels", "thresholds": [low, low + 5, low + 10]}
    return {"criteria": criteria, "result": _result(rng, low - 8, low + 15)}


def _lower(rng: random.Random) -> dict[str, object]:
    high = Decimal(rng.randint(2000, 4000)) / 100
    criteria = {"kind": "levels", "direction": "lower", "thresholds": [high, high - 5, high - 10]}
    return {"criteria": criteria, "result": _result(rng, high - 15, high + 5)}


def _step(rng: random.Random) -> dict[str, object]:
    low = Decimal(rng.randint(1, 5))
    criteria = {
        "kind": "levels",
        "mode": "step",
        "thresholds": [low, low + 1, low + 2, low + 3, low + 4],
        "scores": [20, 40, 60, 80, 100],
    }
    return {"criteria": criteria, "result": _result(rng, low - 1, low + 5)}


def _milestone(rng: random.Random) -> dict[str, object]:
    criteria = {
        "kind": "milestone",
        "levels": [
            {"score": 50, "steps": ["s1", "s2"]},
            {"score": 75, "steps": ["s3"]},
            {"score": 100, "steps": ["s4", "s5"]},
        ],
    }
    done = [f"s{step}" for step in range(1, rng.randint(1, 6))]
    return {"criteria": criteria, "result": {"done": done}}


def _points(rng: random.Random) -> dict[str, object]:
    criteria = {
        "kind": "points",
        "blocks": [
            {"id": "base", "points": 50, "items": ["list", "metadata", "resources"]},
            {"id": "catalog", "points": 15, "requires": ["base"]},
            {"id": "gd", "points": 10, "requires": ["base"]},
            {"id": "quality", "points": 20, "requires": ["catalog"]},
            {"id": "use", "points": 5, "requires": ["catalog"]},
        ],
    }
    names = ["list", "metadata", "resources", "catalog", "gd", "quality", "use"]
    return {"criteria": criteria, "result": {"done": [n for n in names if rng.random() < 0.8]}}


def _passfail(rng: random.Random) -> dict[str, object]:
    return {"criteria": {"kind": "passfail"}, "result": rng.random() < 0.85}


def _hybrid(rng: random.Random) -> dict[str, object]:
    criteria = {
        "kind": "hybrid",
        "milestones": {
            "kind": "milestone",
            "levels": [{"score": 20, "steps": ["m1"]}, {"score": 40, "steps": ["m2"]}],
        },
        "measured": {"kind": "levels", "thresholds": [1000, 1100, 1200], "scores": [60, 80, 100]},
    }
    value = _result(rng, Decimal(900), Decimal(1300))
    return {
        "criteria": criteria,
        "result": {"done": ["m1", "m2"][: rng.randint(0, 2)], "value": value},
    }


def _groups(rng: random.Random) -> dict[str, object]:
    criteria = {
        "kind": "groups",
        "by": "prev",
        "groups": [
            {
                "max": 420,
                "criteria": {"kind": "levels", "thresholds": ["prev - 10", "prev", "prev + 5%"]},
            },
            {
                "min": 420,
                "criteria": {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
            },
        ],
    }
    previous = Decimal(rng.randint(35000, 48000)) / 100
    return {
        "criteria": criteria,
        "context": {"prev": previous},
        "result": _result(rng, previous - 20, previous + 20),
    }


def _result(rng: random.Random, low: Decimal, high: Decimal) -> Decimal | None:
    if rng.random() < 0.02:
        return None
    return low + (high - low) * Decimal(rng.randint(0, 1000)) / 1000


_BUILDERS = {
    "levels": _levels,
    "lower": _lower,
    "step": _step,
    "milestone": _milestone,
    "points": _points,
    "passfail": _passfail,
    "hybrid": _hybrid,
    "groups": _groups,
}

FIXED_SCORE = Decimal(75)


@exact
def floor(documents: list[Document]) -> Decimal:
    """The least any scorer must do: touch every indicator and add weight x a fixed score."""
    total = Decimal(0)
    for document in documents:
        for indicator in document.indicators:
            total += indicator.weight * FIXED_SCORE
    return total


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # this process only: steadier than wall time on a shared machine

    def rate(self, count: int) -> str:
        return (
            f"{self.wall:8.3f} s wall {self.cpu:8.3f} s cpu {count / self.wall:12,.0f} indicators/s"
        )


def timed[T](work: Callable[[], T], repeat: int = 1) -> tuple[T, Timing]:
    """The best of `repeat` runs (the least disturbed by other work on the machine)."""
    best: Timing | None = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        timing = Timing(time.perf_counter() - wall, time.process_time() - cpu)
        best = timing if best is None or timing.wall < best.wall else best
    assert best is not None
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=9000)
    parser.add_argument("--seed", type=int, default=2567)
    parser.add_argument("--repeat", type=int, default=3, help="runs of score and floor; best kept")
    parser.add_argument("--sample", type=int, default=300, help="agencies to fully explain")
    options = parser.parse_args()
    count = options.agencies * INDICATORS

    nation, built = timed(lambda: make_nation(options.agencies, options.seed))
    gc.collect()
    gc.freeze()  # the inputs are long-lived; do not rescan them in every collection
    documents, loaded = timed(lambda: [load_document(data) for data in nation])
    gc.collect()
    gc.freeze()
    scores, scored = timed(lambda: [score_document(d) for d in documents], options.repeat)
    _, floored = timed(lambda: floor(documents), options.repeat)
    sample = scores[: options.sample]
    _, explained = timed(lambda: [document_json(score) for score in sample])
    per_indicator = explained.wall / (len(sample) * INDICATORS)

    print(f"nation: {options.agencies:,} agencies x {INDICATORS} indicators = {count:,} indicators")
    print(f"build the documents (untimed input)  {built.wall:8.3f} s wall")
    print(f"read + validate (load_document)      {loaded.rate(count)}")
    print(f"score (score_document, exact)        {scored.rate(count)}")
    print(f"floor (weight x fixed score)         {floored.rate(count)}")
    print(
        f"score / floor                        {scored.wall / floored.wall:8.1f} x wall"
        f" {scored.cpu / floored.cpu:8.1f} x cpu"
    )
    print(f"read + validate + score              {loaded.wall + scored.wall:8.3f} s wall")
    print(
        f"explanations + JSON, {len(sample):,} agencies   {explained.wall:8.3f} s wall"
        f" ({per_indicator * 1e6:.0f} µs per indicator; built only when asked for:"
        f" all {count:,} would take {per_indicator * count:.1f} s)"
    )
    total = sum((score.total for score in scores), Decimal(0))
    print(f"check: sum of the nation's totals    {total.quantize(Decimal('0.001'))}")
    print(f"score and floor: best of {options.repeat} runs; gc.freeze() after building inputs")


if __name__ == "__main__":
    main()
