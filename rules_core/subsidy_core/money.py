"""Exact money: Decimal yuan with two decimals, pool splits, 万元 wording."""

import functools
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_WAN = Decimal(10000)

# A private context so a caller's decimal settings never change a result.
CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)


def to_cents(amount):
    """Round to whole fen (half up): the policy pays in yuan and fen."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def share(pool, fraction):
    """``fraction`` of ``pool``, rounded to the fen."""
    return to_cents(pool * fraction)


def split_by_ratio(pool, first, rest):
    """Split a pool first:rest; the second part is what is left, so both sum to the pool."""
    a = to_cents(pool * first / (first + rest))
    return a, pool - a


def split_equally(pool, count):
    """Split ``pool`` into ``count`` parts that sum exactly to it.

    Parts differ by at most one fen; the leftover fen go to the first parts,
    i.e. to the highest-ranked units when the list is in rank order.
    """
    cents = int(pool / CENT)
    base, left = divmod(cents, count)
    return [(Decimal(base + (1 if i < left else 0)) * CENT) for i in range(count)]


# fmt and wan: pure functions of an amount's value, worked out in CONTEXT whatever the caller's
# settings; called for every payment of every evaluation, with few distinct amounts, so each
# amount is worked out once.
@functools.lru_cache(maxsize=4096)
def fmt(amount):
    """'350000.00': the contract's money format."""
    with localcontext(CONTEXT):
        return format(to_cents(amount), "f")


@functools.lru_cache(maxsize=4096)
def wan(amount):
    """Amount in 万元 for explanations: 350000 -> '35万元', 18750 -> '1.875万元'."""
    with localcontext(CONTEXT):
        value = (amount / _WAN).normalize()
        return format(value, "f") + "万元"


def percent(fraction):
    """Decimal('0.7') -> '70%'."""
    return format((fraction * 100).normalize(), "f") + "%"
