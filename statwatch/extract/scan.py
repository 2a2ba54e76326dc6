"""The tokens of a sentence: numbers with their units and qualifiers (enumerations grouped), indicator mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from statwatch.extract.document import DocumentContext
from statwatch.extract.lexicon import CJK
from statwatch.extract.numbers import parse_number, scale_unit

# two digits side by side without a place (七八, 三五, 两三) are "seven or eight", never 78
_VAGUE = re.compile(r"[一二两三四五六七八九]{2}")
_CLAUSE_END = frozenset(",;。；)")
_FRACTION = re.compile(r"(?P<den>[二三四五六七八九十百千]|\d+)分之(?P<num>(?<=百分之)[一二三四五六七八九十]+点[零一二三四五六七八九]+"
                       r"|(?<=百分之)[一二三四五六七八九十]{2,3}|[一二三四五六七八九]|\d+(?:\.\d+)?)"
                       # tenths after the whole or a qualifier: 的七成, 近六成, 超八成五
                       # and a change in tenths after its verb: 增长三成, 下降两成, 较去年少两成左右
                       # (减少了3成: after 了, and in an Arabic digit)
                       r"|(?<=[的占近约超逾达为少多长降加量了])(?P<tenths>[一二两三四五六七八九1-9])成(?P<more>[一二三四五六七八九])?"
                       r"(?![本功为立绩员果熟长都交])")

_ORDERS = frozenset("十百千万")  # a numeral of one order word (千余人, 上万名, 近百个) is a round size
_PLACE_BEFORE = re.compile(r"(?:第|前|后|排名|排|居|列|位居|移|升|降|进|退)$")
_SIZE_BEFORE = re.compile(r"(?:(?<![人总次个件户车台辆])数|几|成千上)$")
_TENTH = re.compile(r"[一二两三四五六七八九1-9]成")  # where the tenths can be (完成, 成为 hold none; the scan opens with no literal)


@dataclass
class Num:
    """A number with its unit as found in a sentence (offsets into the normalised text)."""

    start: int
    end: int
    value: float
    unit: str
    family: str
    raw_unit: str
    qualifier: str
    chinese: bool
    upper: float | None = None
    group: int = -1
    index: int = 0
    quote_end: int = 0
    leading: bool = False  # the qualifier is a word before the number (突破2000列、3000列: for the whole list)


@dataclass(frozen=True)
class Mention:
    """An indicator named in the text; `codes` are several indicators named at once (一、二、三产业增加值)."""

    start: int
    end: int
    codes: tuple[str, ...]


def _value(raw: str) -> float:
    """A number already normalised to ASCII digits, or a Chinese numeral."""
    if raw[-1] in "千百" and raw[0].isdigit() and "万" not in raw:  # 3千多名, 2百名
        return float(raw[:-1]) * (1000 if raw[-1] == "千" else 100)
    if raw[0].isdigit() and "万" in raw:  # 13万5400: ten-thousands, then the rest (5万6千: and thousands; 1万5,732)
        high, low = raw.split("万")
        return float(high) * 10_000 + (float(low[0]) * 1000 if low.endswith("千") else float(low.replace(",", "")))
    return float(raw.replace(",", "")) if raw[0].isdigit() else parse_number(raw)


def _fraction_part(raw: str) -> float:
    """百分之六点五, 百分之十二: the numerator of a fraction, a decimal written in Chinese numerals too."""
    if "点" not in raw:
        return _value(raw)
    whole, frac = raw.split("点")
    return float(f"{parse_number(whole):.0f}." + "".join(str(int(parse_number(c))) for c in frac))


def qualifier(doc: DocumentContext, text: str, at: int, after: str) -> str:
    """over / about / under from the words around a number at `at` (以上, 多, 约, 近, 不足 …), else exact."""
    v = doc.rules.vocab
    if after:
        for word, q in v.qualifiers_after.items():
            if word in after:
                return q
    m = doc.lex.q_before.search(text, max(0, at - 4), at)
    return v.qualifiers_before[m.group(0)] if m else "exact"


def _weight_in_words(doc: DocumentContext, raw_num: str, unit: str, before: str) -> bool:
    """九百二十五公吨: a weight written in words, composed (十, 百, 千) so that it is a tally, not an article (一吨) nor
    a vague size (数十吨, 几百吨, 上千吨)."""
    spec = doc.rules.vocab.units.get(unit)
    return spec is not None and spec.family == "weight" and any(c in raw_num for c in "十百千") \
        and len(raw_num) > 1 and before not in ("数", "几", "上", "成")


def scan_numbers(doc: DocumentContext, masked: str, s: int, spans: list[tuple[int, int]] | None = None) -> list[Num]:
    """Every number of a sentence (masked text starting at offset s), lists grouped: the last unit speaks for a list.
    `spans` receives the sentence-relative span of every number-like match, read or not."""
    out: list[Num] = []
    units = doc.rules.vocab.units
    lex = doc.lex
    for m in lex.number.finditer(masked):
        a, z = m.span()
        if spans is not None:
            spans.append((a, z))
        raw_num, unit, mult = m.group("num", "unit", "mult")
        chinese = not raw_num[0].isdigit()
        unit, mult = unit or "", mult or ""
        if unit and lex.not_unit.match(masked, m.start("unit")) and not (chinese and mult):
            continue  # 5部门: a word that begins with a unit
        if unit == "位" and (doc.kind != "ops" or _PLACE_BEFORE.search(masked, max(0, a - 3), a) or masked.startswith("数", z)):
            continue  # 居第3位, 排名前3位, 前移2位, 两位数: a place in a ranking or a number of digits, not people
        order_only = chinese and raw_num in _ORDERS
        if chinese:
            if _VAGUE.fullmatch(raw_num):
                continue  # 七八名保洁员, 两三个: a vague few, not a tally
            if raw_num[0] in _ORDERS and _SIZE_BEFORE.search(masked, max(0, a - 3), a):
                continue  # 数千名, 几百人, 数十万, 成千上万: a size, not a tally (参与人数千余人 is one)
            if mult in ("亿", "万亿") and (unit in ("", "元") or lex.not_unit.match(masked, m.start("unit"))):
                # 突破三千亿元, 迈上千亿台阶: a milestone's sum in words (the number pattern asks for its verb)
                if unit != "元":
                    unit, z = "", m.end("mult")
                if masked[z:z + 1] in ("的", "级"):
                    continue  # 唯一突破五百亿的区, 千亿级产业: a size that names a kind
            elif (unit not in lex.count_units and not _weight_in_words(doc, raw_num, unit, masked[max(0, a - 1):a])) \
                    or masked[max(0, a - 1):a] == "第":
                continue
            nxt = masked[z:z + 1] if not mult else ""
            if nxt and (CJK.match(nxt) or nxt in "“\"") and not m.group("post") and not unit.endswith("次") \
                    and (raw_num == "一" or not doc.rules.counted_re.match(masked, z)):
                # 一列中欧班列 and 另有一辆机扫车 are articles; 近百个城市 counts cities; 出动千余人开展保洁 is a tally, and so
                # is a count in 人次 or 台次 (抓斗车八台次及…)
                continue
        if not unit and mult not in ("亿", "万亿"):
            counted = None if chinese else _counted_unit(doc, masked, z)
            if counted is not None:
                # 完成10629雨水口清理, 全市3万环卫职工: the counted noun gives the unit
                value = _value(raw_num) * (10_000 if mult else 1)
                # (10余万清雪人员: more than that)
                out.append(Num(s + a, s + z, value, *counted, "", "over" if m.group("pre") else "exact", chinese))
            elif not chinese and not mult and (z == len(masked) or masked[z] in _CLAUSE_END) \
                    and lex.bare_rate.search(masked, max(0, a - 9), a) and _value(raw_num) < 1000:
                # 同比增长6.2，: a rate whose % the page left out
                out.append(Num(s + a, s + z, _value(raw_num), "%", "pct", "", "exact", chinese))
            # a bare number matters only inside a list whose last member has the unit (2.2个和1.7个百分点)
            elif not mult and masked[z:z + 1] in ("、", "和", "及", "与", ",", "个") and z < len(masked):
                out.append(Num(s + a, s + z, _value(raw_num), "", "", "", "exact", chinese))
            continue
        try:
            written = _value(raw_num)
        except ValueError:
            continue
        value, spec = scale_unit(written, mult, unit, units)
        if spec is None:
            continue
        upper = None
        num2, post, post2 = m.group("num2", "post", "post2")
        if num2:
            try:
                upper = scale_unit(parse_number(num2), mult, unit, units)[0]
            except ValueError:
                upper = None
        after = (m.group("pre") or "") + (post or "") + (post2 or "")
        q = "over" if upper is not None else qualifier(doc, masked, a, after)
        if q == "exact" and order_only and masked.endswith("上", 0, a):
            q = "over"  # 上万名, 上千人: ten thousand and more
        # a minus sign, not a range or a date: (-1.1%), 增长-2.1%
        neg = masked[max(0, a - 1):a] == "-" and not masked[max(0, a - 2):a - 1].isdigit()
        # (without words after it, q was read from the words before: the same reading)
        leading = q != "exact" and upper is None and (not after or qualifier(doc, masked, a, "") == q)
        out.append(Num(s + a, s + z, -value if neg else value, spec.unit, spec.family, unit, q, chinese,
                       upper, leading=leading))
    for m in _FRACTION.finditer(masked) if "分之" in masked or "成" in masked and _TENTH.search(masked) else ():
        # 占全国开行数量的十分之一 → 10%, 接近全国的四分之一 → 25% (about), 约占全国总量的七成 → 70% (about)
        if m.group("tenths"):
            value = _value(m.group("tenths")) * 10 + (_value(m.group("more")) if m.group("more") else 0)
        else:
            value = round(_fraction_part(m.group("num")) * 100 / _value(m.group("den")), 6)
        whole = doc.lex.whole.search(masked, max(0, m.start() - 8), m.start())
        zhan = masked.rfind("占", max(0, m.start() - 24), m.start())
        q = qualifier(doc, masked, zhan if zhan >= 0 else whole.start() if whole else m.start(), masked[m.end():m.end() + 2])
        out.append(Num(s + m.start(), s + m.end(), value, "%", "pct", "分之", q, True))
    out.sort(key=attrgetter("start"))
    _group(doc.text, out, doc.lex.join)
    return [n for n in out if n.unit]


def _counted_unit(doc: DocumentContext, masked: str, pos: int) -> tuple[str, str] | None:
    """The unit and family of a bare number directly before a noun this kind of document counts."""
    m = doc.rules.counted_re.match(masked, pos)
    if m is None:
        return None
    for code in doc.rules.counted_codes[m.group(0)]:
        ind = doc.rules.indicators[code]
        families = doc.rules.vocab.unit_families.get(ind.unit)
        if doc.kind in ind.kinds and families and families[0] != "vehicles":
            # (41压缩车 without a measure word counts truckloads, not vehicles)
            return ind.unit, families[0]
    return None


def _group(text: str, nums: list[Num], join: re.Pattern[str]) -> None:
    """Lists: 2.2个和1.7个百分点, 6.9%、8.6%和8.3%, 高于全国0.7、全省2.3个百分点 — members share a group; the last
    unit speaks for the list."""
    g = 0
    for i, n in enumerate(nums):
        if i and join.fullmatch(text, nums[i - 1].end, n.start):
            n.group, n.index = nums[i - 1].group, nums[i - 1].index + 1
        else:
            g += 1
            n.group, n.index = g, 0
    if g == len(nums):
        return  # every number stands alone: no list shares a unit or a qualifier
    by_group: dict[int, list[Num]] = {}
    for n in nums:
        by_group.setdefault(n.group, []).append(n)
    for members in by_group.values():
        last, first = members[-1], members[0]
        for n in members[:-1]:
            if last.unit in ("百分点", "%") and n.raw_unit in ("", "个"):
                n.unit, n.family, n.raw_unit = last.unit, last.family, last.raw_unit
        for n in members[1:]:
            if first.leading and n.qualifier == "exact":
                n.qualifier = first.qualifier


_PREFIX = {"names": "", "short": "?", "after": "^"}  # how subject_codes keys the words of each group


def scan_mentions(doc: DocumentContext, masked: str, s: int) -> list[Mention]:
    """Indicator names in a sentence; short forms only once the full name was seen; codes of the document's kind."""
    rules = doc.rules
    out = []
    for m in rules.subject_re.finditer(masked):
        group = rules.subject_groups[m.lastgroup or ""]
        prefix = _PREFIX.get(group)
        codes = rules.subject_codes[group if prefix is None else prefix + m.group(0)]
        if codes[0][0] in "?^":
            code = codes[0][1:]
            # a short form after its full name was seen; a bare name right after the indicators it goes with
            if code not in doc.seen_codes if codes[0][0] == "?" else \
                    not any(c in rules.indicators[code].after for c in doc.last_codes) \
                    or doc.lex.sector_object.match(masked, m.end()):
                # 第二产业完成投资255亿元: a bare sector followed by its investment names no value added
                continue
            codes = (code,)
        # statistics indicators are read in any document; rail and ops ones only in their own kind
        codes = doc.lex.read_codes[doc.kind][codes]
        if codes:
            out.append(Mention(s + m.start(), s + m.end(), codes))
            doc.last_codes = codes
            # 规模以上工业总产值…；实现工业增加值…: a theme inside a name licenses its short forms from here on
            doc.license(m.group(0))
    if doc.kind == "rail" and doc.lex.cargo_word.search(masked):
        out = sorted(out + _cargo_mentions(doc, masked, s), key=attrgetter("start"))
    for mm in out:
        doc.seen_codes.update(mm.codes)
    return out


def _cargo_mentions(doc: DocumentContext, masked: str, s: int) -> list[Mention]:
    """运送了2.1万标准箱的货物。…货物量增长了16%: a word for the cargo in no unit of its own names the cargo in the unit
    counted last before it in its paragraph (标箱: rail.teu, 吨: rail.cargo_weight)."""
    rules, t = doc.rules, doc.text
    by_family = {rules.vocab.units[u].family: code for u, code in rules.vocab.rail.unit_indicators.items()}
    out = []
    for m in doc.lex.cargo_word.finditer(masked):
        start = s + m.start()
        last = None
        for u in doc.lex.cargo_unit.finditer(t, t.rfind("\n", 0, start) + 1, start):
            last = u
        code = by_family.get(rules.vocab.units[last.group("unit")].family) if last else None
        if code is not None:
            out.append(Mention(start, s + m.end(), (code,)))
    return out


def ends_in_subject(doc: DocumentContext, line: str) -> bool:
    """The line ends with an indicator's full name (a label whose figure stands on the next line)."""
    last = None
    for m in doc.rules.subject_re.finditer(line):
        last = m
    if last is None or last.end() != len(line.rstrip()):
        return False
    group = doc.rules.subject_groups[last.lastgroup or ""]
    prefix = _PREFIX.get(group)
    return prefix is None or (prefix == "" and last.group(0) in doc.rules.subject_codes)


_HEADING_ORDINAL = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.]|#+)\s*")


def heading_codes(doc: DocumentContext, line: str) -> tuple[str, ...] | None:
    """三、固定资产投资 / (四)社会消费品零售总额: the codes of a heading that is an indicator's full name and nothing
    else (the paragraph under it may state its figures without naming it again)."""
    name = _HEADING_ORDINAL.sub("", line, count=1).strip().rstrip(":。")
    if not name or len(name) > 24:
        return None
    m = doc.rules.subject_re.fullmatch(name)
    if m is None:
        return None
    group = doc.rules.subject_groups.get(m.lastgroup or "", "")
    prefix = _PREFIX.get(group)
    codes = doc.rules.subject_codes.get(group if prefix is None else prefix + m.group(0))
    if not codes or codes[0][0] in "?^":
        return None
    codes = tuple(c for c in codes if doc.kind in doc.rules.indicators[c].kinds)
    return codes or None
