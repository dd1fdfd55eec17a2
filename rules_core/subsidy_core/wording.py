"""Small helpers for the Chinese wording of explanations."""

_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1..99 as Chinese numerals: 3 -> '三', 12 -> '十二', 40 -> '四十'."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    if n >= 100:
        return str(n)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def rank(n):
    """1 -> '第一'."""
    return "第" + cn_number(n)


def ranks(numbers):
    """[2, 4] -> '第二、第四'."""
    return "、".join(rank(n) for n in numbers)


def names(values):
    """['甲', '乙'] -> '甲、乙'."""
    return "、".join(values)
