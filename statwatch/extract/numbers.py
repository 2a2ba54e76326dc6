"""Numbers as written in Chinese text: Arabic with separators, Chinese numerals, 万/亿, units, qualifiers."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_BIG)


def parse_chinese_int(s: str) -> int:
    """Parse a Chinese numeral such as 三, 十二, 两百零五 or 一万八千 into an int."""
    if not s or any(c not in CHINESE_NUMERAL_CHARS for c in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if len(s) > 1 and all(c in _DIGITS for c in s):
        # digit by digit, as in years (二〇二二)
        return int("".join(str(_DIGITS[c]) for c in s))
    total = wan = section = number = 0
    for c in s:
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c in _SMALL:
            section += (number or 1) * _SMALL[c]
            number = 0
        elif c == "万":
            wan += ((section + number) or 1) * 10_000
            section = number = 0
        else:
            total += ((wan + section + number) or 1) * 100_000_000
            wan = section = number = 0
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


_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0C: ",", 0xFF0E: "."}

# How a unit written in the text becomes a catalogue unit: (multiplier applied to the value, catalogue unit).
_MONEY = {"亿元": (1, "亿元"), "万元": (1e-4, "亿元"), "元": (1, "元"), "亿美元": (1, "亿美元"),
          "万美元": (1e-4, "亿美元"), "美元": (1e-8, "亿美元")}


def normalise_value(value: float, mult: str, unit: str) -> tuple[float, str]:
    """Apply a 万/亿 multiplier and the unit rule: money in 亿元, 万吨 kept, other 万 counts expanded."""
    if unit in ("元", "美元") and mult in ("万", "亿"):
        factor, canonical = _MONEY[mult + unit]
    elif unit in _MONEY and not mult:
        factor, canonical = _MONEY[unit]
    elif unit == "" and mult == "亿":
        factor, canonical = 1, "亿元"
    elif unit == "吨" and mult == "万":
        factor, canonical = 1, "万吨"
    elif unit == "吨" and mult == "亿":
        factor, canonical = 1e4, "万吨"
    elif unit in ("平方米",) and mult == "万":
        factor, canonical = 1, "万平方米"
    elif unit in ("千伏安",) and mult == "万":
        factor, canonical = 1, "万千伏安"
    else:
        factor, canonical = {"": 1, "万": 1e4, "亿": 1e8}[mult], unit
    return _round(value * factor), canonical


def _round(x: float) -> float:
    """Drop binary noise from scaling (404893 万元 → 40.4893 亿元, not 40.489300000000004)."""
    r = round(x, 8)
    return float(int(r)) if r == int(r) and abs(r) < 1e15 else r
