"""What scoring recorded: exact numbers plus just enough to explain them later.

Scoring a nation records only numbers. How a rule scored a result (a Trace) is rebuilt on
demand by the same functions (engine.trace_of) when an explanation is asked for, so nobody
pays for text nobody reads, and every explanation is still always available.
"""

from dataclasses import dataclass
from decimal import Decimal

from ges.scoring.arithmetic import ZERO
from ges.scoring.criteria import Milestone, Points, ResolvedLevels
from ges.scoring.document import Document, Indicator
from ges.scoring.resolve import ResolvedHybrid


@dataclass(slots=True)
class NoResult:
    score: Decimal = ZERO


@dataclass(slots=True)
class LevelsTrace:
    rule: ResolvedLevels
    result: Decimal
    position: int  # -1: the first threshold is not reached; i: i is reached, i + 1 is not
    score: Decimal


@dataclass(slots=True)
class MilestoneTrace:
    rule: Milestone
    done: frozenset[str]
    reached: int  # index of the highest level reached; -1 for none
    score: Decimal


@dataclass(slots=True)
class PointsTrace:
    rule: Points
    counted: tuple[bool, ...]  # per block
    total: Decimal  # before the cap
    score: Decimal


@dataclass(slots=True)
class PassFailTrace:
    passed: bool
    score: Decimal


@dataclass(slots=True)
class HybridTrace:
    rule: ResolvedHybrid
    value: Decimal | None
    inner: LevelsTrace | MilestoneTrace  # the measured scale once the value reaches it
    score: Decimal


type Trace = NoResult | LevelsTrace | MilestoneTrace | PointsTrace | PassFailTrace | HybridTrace

# Weight moved from exempt indicators: effective weight = weight x product(num) / product(den).
type Share = tuple[tuple[Decimal, Decimal], ...]


@dataclass(slots=True)
class IndicatorScore:
    indicator: Indicator
    score: Decimal | None  # None when exempt
    effective_weight: Decimal
    points: Decimal  # effective weight x score / 100: its share of the total (or of its parent)
    before_conditions: Decimal | None  # the criteria's (or children's) score before conditions
    children: "tuple[IndicatorScore, ...]" = ()
    share: Share = ()
    agency_wide: bool = False  # an exempt weight that went to the whole agency


@dataclass(slots=True)
class ComponentScore:
    code: str
    weight: Decimal
    points: Decimal


@dataclass(slots=True)
class DocumentScore:
    document: Document
    indicators: tuple[IndicatorScore, ...]
    components: tuple[ComponentScore, ...]
    total: Decimal  # exact; equals the sum of the components' (or indicators') points
    level: str | None  # read from the total as published (rounded), so they never disagree
