"""Exact decimal arithmetic for scores: one context, one division rule, one rounding rule."""

import functools
from collections.abc import Callable
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

# Addition, subtraction and multiplication never round in this context: scores stay exact.
EXACT = Context(
    prec=MAX_PREC,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
# A quotient is exact whenever it ends within this many significant digits (85 / 4, 70 / 8);
# otherwise (70 / 3) it is carried this far, far beyond any output's decimals.
QUOTIENT_DIGITS = 50
QUOTIENT = Context(
    prec=QUOTIENT_DIGITS,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
HUNDREDTH = Decimal("0.01")

# Inputs are kept small enough that exact products stay cheap.
MAX_DIGITS = 30
MAX_ADJUSTED = 15


def exact[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` inside the exact context, whatever context the caller has set."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(EXACT):
            return function(*args, **kwargs)

    return run


# The only division in the engine (a bound method: it runs once per interpolated score).
# Raises decimal.DivisionByZero for a zero divisor.
divide: Callable[[Decimal, Decimal], Decimal] = QUOTIENT.divide


def percent_of(value: Decimal, share: Decimal) -> Decimal:
    """`share` percent of `value`, exactly (dividing by 100 only moves the point)."""
    with localcontext(EXACT):
        return value * share * HUNDREDTH


_PLACES = [ONE.scaleb(-decimals) for decimals in range(21)]


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Half up to `decimals` places, whatever context the caller has set."""
    places = _PLACES[decimals] if decimals < len(_PLACES) else ONE.scaleb(-decimals)
    return value.quantize(places, rounding=ROUND_HALF_UP, context=EXACT)


def rounded(value: Decimal, decimals: int) -> str:
    """A computed number as it is published: half up to `decimals`, no exponent."""
    return format(round_half_up(value, decimals), "f")


def plain(value: Decimal) -> str:
    """An input number as people write it: 87.50 -> 87.5, 1E+2 -> 100."""
    with localcontext(EXACT):
        if value == value.to_integral_value():
            return format(value.quantize(ONE), "f")
        return format(value.normalize(), "f")


def is_reasonable(value: Decimal) -> bool:
    """Finite and small enough to compute with exactly (rejects 1e999999 and 40-digit noise)."""
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite numbers have an integer exponent
    return (
        len(digits) <= MAX_DIGITS
        and exponent >= -MAX_DIGITS
        and (exponent + len(digits) <= MAX_ADJUSTED + 1 or not any(digits))
    )
