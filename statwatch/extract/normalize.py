"""Normalise text for matching (script, width, inline pinyin) while keeping offsets into the original."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import zhconv

# Mirror sites print the reading after a character or a word: 規(guī)上工業(yè), 开行(kāi xíng), 均(jun1).
# A tone mark or a tone digit tells pinyin from an aside such as (GDP) or (下同); a few toneless particles too.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = "[a-zü" + _TONED + "]{1,24}[1-5]?"  # (a word's syllables run together: jīnnián, qílǔwǎnbào)
_GLOSS = ("[(（](?:(?=[^)）]{0,40}[" + _TONED + "1-5])" + _SYLLABLE + "(?: " + _SYLLABLE + "){0,3}"
          "|de|le|men|zi|me|ne|ma|ba|zhe)[)）]")
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])" + _GLOSS + "(?:" + _GLOSS + ")*")
# mirrors double their separators (获悉,,今年; 增长25%,、45%; 提升,。): a comma before another mark goes
# spam mirrors inject symbols into words (规上工♂业, 第→4位, 零△售): arrows, mathematical and technical signs, box drawing,
# blocks, geometric shapes, dingbats, lenticular brackets and bopomofo are no part of Chinese prose (the signs of numbers
# are kept: − minus, ∕, ∼ a range, ∶ a ratio, ≤ ≥, and ○ a zero)
_SYMBOLS = ("[\u2190-\u21ff\u2200-\u2211\u2213\u2214\u2216-\u2235\u2237-\u223b\u223d-\u2263\u2266-\u23ff"
            "\u2500-\u25ca\u25cc-\u27bf\u3016\u3017\u3100-\u312f]")
# a unit written with part of it in parentheses is the whole unit: 870余(台)套, 1230人(次), 45(辆)次
_UNIT_PARENS = ("[(（](?=[台辆人部车][)）][套次])|(?<=[(（][台辆人部车])[)）](?=[套次])"
                "|(?<=[台辆人部车])[(（](?=[次套][)）])|(?<=[台辆人部车][(（][次套])[)）]")
# pages typeset with a space between Chinese and a number (全区生产总值 489.5 亿元, 增长 5.2 %, 2022 年 4 月): the space
# between a Chinese character and a number written against a unit, or a digit and a Chinese character or a per cent
# sign, is read as nothing (never one between two digits or beside Latin text: 1 234, Copyright 2022); a table's cells
# keep theirs: a tab or a run of spaces between columns, a space before a number that ends its line or stands before
# another (地区生产总值 489.5 5.1)
_SPACE = "[ \u3000\xa0]"
_NUMBER_SPACE = (f"(?<=[\u4e00-\u9fff]){_SPACE}(?=\\d[\\d.．,，\\-~]*{_SPACE}?[\u4e00-\u9fff%％])"
                 f"|(?<=[0-9０-９]){_SPACE}(?=[\u4e00-\u9fff%％])")
_DROP_FIRST = "[(（)）,， \t\u3000\xa0" + _SYMBOLS[1:-1] + "]"  # the characters any of these starts with
# a page typeset with a space after a decimal point (超2. 2万亿元, 7492. 4万人次, 第8. 6代): the space is read as nothing
# when the number runs on in Chinese text (not a list's number opening a line: 1. 2023年…)
_DECIMAL_SPACE = f"(?<=[\u4e00-\u9fff\\d][0-9][.．]){_SPACE}(?=[0-9]{{1,2}}(?![0-9年月日号]))"
# a day of the month restated in brackets after yesterday or today (截至昨(二十)日下午, 今(21)日): 昨日, 今日
_DAY_ASIDE = "[一二三四五六七八九十廿卅〇零0-9]{1,3}[)）](?=日)"
DROP_PLAIN = ("(?=" + _DROP_FIRST + ")(?:" + _PINYIN.pattern + "|[,，](?=[,，、。.．;；:：!?！？])|" + _SYMBOLS + "|"
              + _UNIT_PARENS + "|" + _NUMBER_SPACE + "|" + _DECIMAL_SPACE + "|(?<=[昨今前])[(（]" + _DAY_ASIDE + ")")
# the same, its first character read first so that re skips to it (a pattern opening with a lookahead is tried at every
# character); the lookbehinds then ask which form it starts, in the order of DROP_PLAIN, which the tests compare it with
_DROP = re.compile(_DROP_FIRST + "(?:"
                   "(?<=[\u4e00-\u9fff][(（])" + _GLOSS.removeprefix("[(（]") + "(?:" + _GLOSS + ")*"
                   "|(?<=[,，])(?=[,，、。.．;；:：!?！？])"
                   "|(?<=" + _SYMBOLS + ")"
                   "|(?<=[(（])(?=[台辆人部车][)）][套次])|(?<=[(（][台辆人部车][)）])(?=[套次])"
                   "|(?<=[台辆人部车][(（])(?=[次套][)）])|(?<=[台辆人部车][(（][次套][)）])"
                   f"|(?<=[\u4e00-\u9fff]{_SPACE})(?=\\d[\\d.．,，\\-~]*{_SPACE}?[\u4e00-\u9fff%％])"
                   f"|(?<=[0-9０-９]{_SPACE})(?=[\u4e00-\u9fff%％])"
                   f"|(?<=[\u4e00-\u9fff\\d][0-9][.．]{_SPACE})(?=[0-9]{{1,2}}(?![0-9年月日号]))"
                   "|(?<=[昨今前][(（])" + _DAY_ASIDE + ")")


@cache
def _table() -> dict[int, str]:
    """One character → one character: full-width ASCII, dashes, traditional → simplified (zhconv's single-character entries)."""
    zhconv.zhconv.loaddict()
    table: dict[int, str] = {}
    for trad, simp in zhconv.zhconv.zhcdicts["zh2Hans"].items():
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for ch in "—–―‐‑−－":
        table[ord(ch)] = "-"
    table.update({ord("～"): "~", ord("〜"): "~", ord("∼"): "~", 0x3000: " ", 0xA0: " ", ord("﹪"): "%", ord("％"): "%", ord("∶"): ":", ord("︰"): ":",
                  ord("（"): "(", ord("）"): ")", ord("〔"): "(", ord("〕"): ")", ord("【"): "(", ord("】"): ")",
                  ord("；"): ";", ord("："): ":", ord("，"): ",", ord("「"): "“", ord("」"): "”", ord("『"): "“", ord("』"): "”",
                  ord("\r"): "\n"})
    # characters the conversion table gets wrong for statistics prose
    for keep in "乾":
        table.pop(ord(keep), None)
    return table


# a full stop typed as a Latin point (增长5.1%. 累计开行突破6000列.今年…, or the full-width ．): a point after Chinese, a
# per cent sign, a comma, a closing bracket or quote, and not before a Latin letter, ends a sentence (never a decimal
# point 5.1, a date 2023.4.22, a list number 1. or a web address www.gov.cn)
# (the point first: re skips to it; the lookbehind then sees the character before it)
_FULL_STOP = re.compile("\\.(?<=[\u4e00-\u9fff%)”\",]\\.)(?![A-Za-z])")

# a day written the spoken way (4月22号, 十月一号): 号 after a month and its day is 日 (never 3号线, 1号文件, 2号楼)
_DAY_HAO = re.compile("号(?:(?<=月[0-9]号)|(?<=月[0-9][0-9]号)|(?<=月[一二三四五六七八九十]号)"
                      "|(?<=月[一二三十][十一二三四五六七八九]号)|(?<=月[二三]十[一二三四五六七八九]号))")

_BMP = 0x10000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _bmp_table() -> list[int | str]:
    """The same table as a list indexed by code point below U+10000 (translate reads a list about twice as fast as a
    dict: no hashing); characters past its end are left as they are, so it serves only text without astral characters."""
    table: list[int | str] = list(range(_BMP))
    for code, ch in _table().items():
        if code < _BMP:
            table[code] = ch
    return table


def _translate(s: str) -> str:
    return s.translate(_table() if _ASTRAL.search(s) else _bmp_table())


# ---- hard-wrapped lines --------------------------------------------------------------------------------
# Text copied from a PDF, a fixed-width mirror or an e-paper page breaks its lines where the width ran out, inside a
# sentence (全区实现地区生产总值489.5亿 / 元，同比增长5.1%; 截至4月 / 22日). Such a break, with the blanks around it, is
# read as nothing; a paragraph's end, a heading, a table row, a title or a label line keeps its own line.
TITLE_MAX = 48  # a title is a short first line without a full stop
_BLANK = " \t\u3000\xa0\r"
_CLOSED = frozenset("。！？；：…!?;:．")  # a sentence ends with the line
_CLOSING = frozenset("”’」』)）】")  # …after a closing quote or bracket too (…增长5%。”)
_ENDS = _CLOSED | _CLOSING | {"."}
_PROSE = re.compile(r"[。，；、;]|,(?!\d)")  # clause punctuation: the line holds prose, not a title or a label
# a line that starts a block of its own: a numbered heading or item (一、 （二） 3、 第一部分 ①), a ranking's line (第一名：甲县),
# a caption (表1 图2 附件), a bullet
_OWN_LINE = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．]|\d{1,2}\.(?!\d)"
                       r"|第[一二三四五六七八九十\d]{1,3}[章节部分篇条]|第[一二三四五六七八九十\d]{1,3}名[:：\s]"
                       r"|[①-⑳●•■◆▲※#＃*◎◇□★☆▶►]|[表图]\s?\d|附件")
_LABEL = re.compile(r"(?<!\d)[:：]")  # 来源:…, 时间:2025-04-23 (not a ratio's 5.6:56.6)
_ROW = re.compile(r"[|\t]|\d(?: {2,}|\u3000)[-+]?\d")  # a table row: cells between bars or tabs or wide blanks
_LINE_BREAK = re.compile(f"[{_BLANK}]*\n[{_BLANK}]*")
# a line goes on whatever the page looks like when it ends inside a clause (，、 an opening bracket), or the next opens
# with what no line begins with (，。% a closing bracket) or with the rest of a number (4 / .8%)
_OPEN_END = frozenset("，,、(（“‘《")
_GOES_ON = re.compile(r"[，,。、；;：:%％)）”’》]|[.．]\d")


def _closed(line: str) -> bool:
    """The line ends a sentence (a ratio's colon, 5.6:56.6:, does not)."""
    last = line[-1]
    if last not in _ENDS:
        return False
    if last in _CLOSED:
        return not (last in ":：" and line[-2:-1].isdigit())
    return last == "." and not line[-2:-1].isdigit() or last in _CLOSING and line[-2:-1] in _CLOSED


def _own_line(line: str) -> bool:
    """A numbered heading or item (its 、 is no clause punctuation; not a paragraph that opens with its number:
    （一）工业经济持续承压。2月份，…), a label with its value (来源:…)."""
    if _OWN_LINE.match(line):
        return "。" not in line
    return bool(_LABEL.search(line)) and not _PROSE.search(line)


def wrapped_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of the line breaks that a hard wrap put inside a sentence, with the blanks around them (read as nothing);
    a Windows line end's carriage return besides."""
    lines = text.split("\n")
    body = [x.strip(_BLANK) for x in lines]
    # lines that stop inside a sentence, the next going on (in most documents a title and a few headings)
    open_ = [k for k in range(len(lines) - 1) if body[k] and body[k + 1] and not _closed(body[k])]
    joined: list[int] = []
    if open_:
        first = next(k for k, x in enumerate(body) if x)

        def own(k: int) -> bool:  # …or the title: short, without a full stop
            return _own_line(body[k]) or k == first and len(body[k]) <= TITLE_MAX and "。" not in body[k]

        alone = {k for k in open_ if own(k)}
        cut = {k for k in open_ if k not in alone and _PROSE.search(body[k])}  # prose cut inside a sentence
        # a document is wrapped when a third of its prose lines or more are cut (a page whose paragraphs lack their
        # last full stop is not: its lines stand apart, or one or two do among many)
        wrapped = len(cut) >= 2 and 3 * len(cut) >= sum(1 for k, x in enumerate(body) if x and _PROSE.search(x)
                                                         and not own(k))
        full, ragged = len(text), False
        if wrapped:
            # cut at the page's width (most cut lines within 15 % of one length: a line nearly as long is cut too, a
            # title or a heading as long; a shorter one without clause punctuation is a heading), or anywhere (any
            # line but one of its own goes on)
            widths = sorted(len(body[k]) for k in cut)
            mid = widths[len(widths) // 2]
            ragged = 3 * sum(1 for w in widths if abs(w - mid) * 20 <= 3 * mid) < 2 * len(widths)
            full = len(text) if ragged else mid
        for k in open_:
            line, nxt = body[k], body[k + 1]
            if (line[-1] in _OPEN_END or not _OWN_LINE.match(nxt) and (
                    _GOES_ON.match(nxt) or wrapped and (
                        k in cut or ragged and k not in alone or len(line) >= (full if k in alone else full * 4 // 5)))) \
                    and not _ROW.search(line) and not _ROW.search(nxt):
                joined.append(k)
    if not joined and "\r" not in text:
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    ends = iter(joined)
    nxt_join = next(ends, -1)
    for k in range(len(lines) - 1):
        end = pos + len(lines[k])
        if k == nxt_join:
            out.append((pos + len(lines[k].rstrip(_BLANK)), end + 1 + len(lines[k + 1]) - len(lines[k + 1].lstrip(_BLANK))))
            nxt_join = next(ends, -1)
        elif lines[k].endswith("\r"):
            out.append((end - 1, end))
        pos = end + 1
    return out


def _drop(text: str, spans: Iterable[tuple[int, int]]) -> tuple[list[int] | None, str]:
    """The text without the given spans (in order, apart) and the map from its positions to the text's (None: the
    same)."""
    pieces: list[str] = []
    mapping: list[int] | None = None
    last = 0
    for a, b in spans:
        pieces.append(text[last:a])
        if mapping is None:
            mapping = list(range(a))
        else:
            mapping.extend(range(last, a))
        last = b
    if mapping is None:
        return None, text
    pieces.append(text[last:])
    mapping.extend(range(last, len(text) + 1))
    return mapping, "".join(pieces)


_DASH_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])--(?=[\u4e00-\u9fff])")


class Normalised:
    """Normalised text plus the way back: `orig(i)` is the original offset of normalised position i."""

    __slots__ = ("text", "_map", "original")

    def __init__(self, original: str):
        self.original = original
        back: list[int] | None = None
        text = original
        if "\n" in text:
            wraps = wrapped_breaks(text)
            if wraps:  # (read first: a wrap may fall inside what is dropped below, 增長(zhǎ / ng))
                back, text = _drop(text, wraps)
        mapping, text = _drop(text, (m.span() for m in _DROP.finditer(text)))
        if back is not None:
            mapping = back if mapping is None else [back[i] for i in mapping]
        self._map = mapping
        text = _translate(text)
        if "." in text:
            text = _FULL_STOP.sub("。", text)
        if "号" in text:
            text = _DAY_HAO.sub("日", text)
        if "--" in text:
            # 主要预期目标——地区生产总值增长7.5%: a dash pair between words introduces what follows, as a colon does
            text = _DASH_PAIR.sub(": ", text)
        # 依次 pairs the members of two lists in order as 分别 does (三次产业增加值依次增长4.6%、7.7%和8.7%)
        self.text = text.replace("依次", "分别") if "依次" in text else text

    def orig(self, i: int) -> int:
        """The original offset of normalised position i (i may be len(text))."""
        if self._map is None:
            return i
        return self._map[i] if i < len(self._map) else len(self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalised span."""
        if end <= start:
            return self.orig(start), self.orig(start)
        b = self.orig(end - 1) + 1
        if self.original[b:b + 1] in (")", "）") and self.orig(end) > b:
            b += 1  # 1230人(次): the dropped bracket that closes the unit
        return self.orig(start), b


def normalise(s: str) -> str:
    """The normalised form of a short string (a synonym, a rule word)."""
    return Normalised(s).text


def normalise_chars(s: str) -> str:
    """A rule word or pattern in matching form, character by character (script, width, dashes): nothing dropped, so a
    regex keeps its separators (the `,` of `[^,:;。]`, which the reading of a mirror's doubled separators would take)."""
    return s.translate(_table())


def unwrap(s: str) -> str:
    """A string taken from the original text without the line breaks inside it (a name a hard wrap cut: 中欧班列(中 /
    豫号)); the normalised text it was read from has none there."""
    return _LINE_BREAK.sub("", s) if "\n" in s else s


def strip_pinyin(s: str) -> str:
    """Drop inline pinyin readings from a string taken from the original text."""
    return _PINYIN.sub("", s)
