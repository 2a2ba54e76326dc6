"""Numbers as written in Chinese text: Arabic with separators, Chinese numerals (also 一万八, 两万, 三千五), 万/亿."""

from __future__ import annotations

from statwatch.extract.rules import UnitSpec, load_rules

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_BIG)


def parse_chinese_int(s: str) -> int:
    """Parse a Chinese numeral such as 三, 十二, 两百零五, 一万八千 or the spoken 一万八 (18000) into an int."""
    if not s or any(c not in CHINESE_NUMERAL_CHARS for c in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if len(s) > 1 and all(c in _DIGITS for c in s):
        # digit by digit, as in years (二〇二二)
        return int("".join(str(_DIGITS[c]) for c in s))
    total = wan = section = number = 0
    last = 1  # place value of the last unit character: a bare digit after 万/千/百 (no 零) counts one place lower
    zero = False
    for c in s:
        if c in _DIGITS:
            number = _DIGITS[c]
            zero = zero or c in "零〇"
        elif c in _SMALL:
            section += (number or 1) * _SMALL[c]
            number, last, zero = 0, _SMALL[c], False
        elif c == "万":
            wan += ((section + number) or 1) * 10_000
            section = number = 0
            last, zero = 10_000, False
        else:
            total += ((wan + section + number) or 1) * 100_000_000
            wan = section = number = 0
            last, zero = 100_000_000, False
    if number and not zero and last >= 100:
        number *= last // 10
    return total + wan + section + number


_DIGIT_NAMES = "零一二三四五六七八九"


def _four(g: int) -> str:
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = g // value % 10
        if d:
            out += ("零" if zero else "") + _DIGIT_NAMES[d] + name
            zero = False
        elif out:
            zero = True
    return out


def to_chinese_int(n: int) -> str:
    """Write a non-negative int below 10^16 in Chinese numerals (the inverse of parse_chinese_int)."""
    if n < 0 or n >= 10**16:
        raise ValueError("out of range for Chinese numerals")
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    out, gap = "", False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if not g:
            gap = gap or bool(out)
            continue
        if out and (gap or g < 1000):
            out += "零"
        out += _four(g) + ("", "万", "亿", "万亿")[i]
        gap = False
    return out[1:] if out.startswith("一十") else out


_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0C: ",", 0xFF0E: "."}


def parse_number(s: str) -> float:
    """Parse '1,291.92', '３６５', '三', '一万八千' or '1.2万' into a float (万/亿 multiply)."""
    s = s.strip()
    if not s:
        raise ValueError("empty number")
    s = s.translate(_FULLWIDTH)
    mult = 1
    if s[-1] in _BIG and any(ch.isdigit() for ch in s[:-1]):
        mult, s = _BIG[s[-1]], s[:-1]
    if any(ch.isdigit() for ch in s):
        neg = s.startswith(("-", "−"))
        body = s.lstrip("-−+").replace(",", "")
        value = float(body)
        return (-value if neg else value) * mult
    return float(parse_chinese_int(s)) * mult


def scale_unit(value: float, mult: str, unit: str, units: dict[str, UnitSpec]) -> tuple[float, UnitSpec | None]:
    """A written number with its 万/亿 and its unit → (value, spec) in the catalogue unit; spec None if unknown."""
    spec = units.get(mult + unit) if mult else None
    if spec is None:
        value *= _BIG.get(mult, 1)
        spec = units.get(unit)
        if spec is None:
            return value, None
    return _round(value * spec.scale), spec


def convert(value: float, unit: str, target: str, conversions: dict[str, dict[str, float]]) -> tuple[float, str]:
    """A value in another unit of the same family, in the target unit when the table knows the factor (2万吨 → 20000 吨)."""
    factor = conversions.get(unit, {}).get(target) if unit != target else None
    return (_round(value * factor), target) if factor is not None else (value, unit)


def normalise_value(value: float, mult: str, unit: str) -> tuple[float, str]:
    """Apply a 万/亿 multiplier and the units table: money in 亿元, 万吨 kept, other 万 counts expanded."""
    scaled, spec = scale_unit(value, mult, unit, load_rules().vocab.units)
    return (_round(scaled), unit) if spec is None else (scaled, spec.unit)


def _round(x: float) -> float:
    """Drop binary noise from scaling (404893 万元 → 40.4893 亿元, not 40.489300000000004)."""
    if x % 1 == 0 and abs(x) < 1e15:
        return float(int(x))  # a whole number has no noise to drop (and round(x, 8) is slow)
    r = round(x, 8)
    return float(int(r)) if r == int(r) and abs(r) < 1e15 else r
