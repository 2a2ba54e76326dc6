"""The rules compiled into the regular expressions the grammar uses (built once per rules object)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from re import _parser  # type: ignore[attr-defined]  # (the width of a pattern, as re computes it)

from statwatch.extract.holidays import holiday_pattern
from statwatch.extract.rules import Rules, branches_by_first_char, first_chars, trie_pattern

CJK = re.compile(r"[\u4e00-\u9fff]")
# the last character before a place that compares with it (高于全省, 居中心城区, 比全国, 与全县…相比): that place is a
# comparator, not the one a figure is about
COMPARING = "比较于出居列在与和"
_CN = "零〇一二两三四五六七八九十百千"
# a place name: up to four characters that are not function words, before a suffix (金水区, 郑东新区, 新郑市)
# 河南省, 新疆维吾尔自治区, 广西壮族自治区: a province's name with its suffix
_PROVINCE_SUFFIX = r"(?:省|市|(?:[\u4e00-\u9fff]{1,3}族)?自治区)?(?![州县区])"  # 海南州, 河南县 are other places
_PLACE_CHAR = r"[^\x00-\u4dff\ua000-\U0010ffff地季度年月日全的据在是和与及为以之各本我该其对城市县区个]"
# 城 inside a name (历城区, 晋城市), never first: 城区 and 城市 by themselves are no places
_MILESTONE_VERBS = "突破|超过|迈上|跨上|站上|跃上|跨越|跨过|达到|登上"
_PLACE_INNER = _PLACE_CHAR.replace("城", "")
_PLACE = _PLACE_CHAR + _PLACE_INNER + "{0,3}?"


def _alt(words: list[str]) -> str:
    return trie_pattern(words)


_NOT_THIS_YEAR = "(?!至今年)"


def _any_of(words: list[str]) -> re.Pattern[str]:
    """One scan for what `any(w in text for w in words)` tests (an empty word is in any text)."""
    return re.compile(_alt(words) if all(words) else "")


def _chars(words: list[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted({w[0] for w in words if w})) + "]"


def _region_guard(words: list[str], suffixes: list[str], zones: list[str] | None = None) -> str:
    """A lookahead for where a region can start: a listed word, up to four place characters before a suffix, or up to
    ten before a zone's suffix (re tries the whole alternation at every character otherwise)."""
    starts = [_chars(words)] if any(words) else []
    starts += [_PLACE_CHAR + _PLACE_INNER + "{0,3}" + _chars(suffixes)] if any(suffixes) else []
    starts += [_PLACE_CHAR + _PLACE_INNER + "{4,9}" + _chars(zones)] if zones and any(zones) else []
    return "(?=" + "|".join(starts) + ")" if starts else r"(?!x)x"


_SHORT = 32  # below this many characters the joined pattern scans faster than the parts one by one


def literal_anchor(rx: re.Pattern[str]) -> tuple[str, int] | None:
    """A run of plain characters every match of `rx` holds (the first in its top-level sequence) and the most
    characters a match takes before it; None when the pattern opens with one (re skips to it by itself) or has none
    after a bounded opening."""
    if rx.flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(rx.pattern, rx.flags)
    most = 0
    for k, (op, av) in enumerate(parsed):
        if op is _parser.LITERAL:
            if k == 0:
                return None
            run = [chr(av)]
            for op2, av2 in parsed[k + 1:]:
                if op2 is not _parser.LITERAL:
                    break
                run.append(chr(av2))
            return "".join(run), most
        most += _parser.SubPattern(parsed.state, [(op, av)]).getwidth()[1]
        if most >= _parser.MAXREPEAT:
            return None
    return None


class Alternation:
    """Patterns tried in order at each position, as `(?:a)|(?:b)|…` would be, but scanned one by one: each part that
    starts with a literal lets `re` skip ahead to it, where the joined pattern tries every part at every character.
    Matches come from the parts (group 0 and spans are the joined pattern's; group numbers are each part's own)."""

    def __init__(self, patterns: list[str]):
        self.parts = [re.compile(p) for p in patterns]
        self.whole = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else re.compile(r"(?!x)x")
        self.anchors = [literal_anchor(p) for p in self.parts]

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """The matches `whole.finditer` finds: at the leftmost position any part matches, the first part that does."""
        if min(endpos, len(text)) - pos < _SHORT:
            yield from self.whole.finditer(text, pos, endpos)  # a few characters: one scan costs less than a scan per part
            return
        nxt = [self._search(i, text, pos, endpos) for i in range(len(self.parts))]
        while True:
            best = None
            for m in nxt:
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            if best.end() == best.start():
                yield from self.whole.finditer(text, best.start(), endpos)  # an empty match: re's own rules go on
                return
            yield best
            pos = best.end()
            for i, m in enumerate(nxt):
                if m is not None and m.start() < pos:
                    nxt[i] = self._search(i, text, pos, endpos)

    def _search(self, i: int, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        """parts[i].search(text, pos, endpos), started near the first place its anchor stands (港务集团, 中欧班列: a part
        that opens with a class or with a list of places is otherwise tried at every character, or at most)."""
        anchor = self.anchors[i]
        if anchor is not None:
            at = text.find(anchor[0], pos, endpos)
            if at < 0:
                return None
            pos = max(pos, at - anchor[1])
        return self.parts[i].search(text, pos, endpos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.whole.fullmatch(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.whole.match(text, pos)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled vocabulary: numbers and units, cue words of each measure, regions, rail and statement patterns."""

    rules: Rules
    number: re.Pattern[str]
    filler: re.Pattern[str]
    region: re.Pattern[str]
    region_named: re.Pattern[str]
    # the words by which a document names its own place (全区, 我市, 全旗, 本镇 …): the generic region words but the
    # country, a province's 全省 (a district's comparator) and the ones that are no self-reference (市区, 区本级)
    own_place_words: frozenset[str]
    region_words: frozenset[str]
    place_names: frozenset[str]  # places named in full (和平区): no filler word is cut off their front
    region_suffixes: frozenset[str]  # what ends a place's name (新区, 开发区, 区): never a place by itself
    zone_suffixes: tuple[str, ...]  # what ends a development zone's name, which may run longer (高新技术产业开发区)
    place_name: re.Pattern[str]
    # places by their short names (拱墅, 济源, 郑州: warehouse/places.txt), and the lengths of those names, longest first
    place_short: frozenset[str]
    place_lengths: tuple[int, ...]
    place_pairs: frozenset[str]  # every two characters running in one of those names: a cheap test before the lookup
    own_place: re.Pattern[str]
    remark: re.Pattern[str]  # a clause that remarks on a figure and keeps the subject (是全省首个…的县)  # regions and provinces named bare (新疆, 贵州): in statistics releases
    growth: re.Pattern[str]
    share: re.Pattern[str]
    pp: re.Pattern[str]
    rank: re.Pattern[str]
    rank_to: re.Pattern[str]  # 由第一位下滑到 (searched up to a rank): the rank after it is where the rank moved to
    rank_to_reach: int  # the most characters rank_to can take
    rank_reach: int  # the most characters a rank's words before its place (第3位, 首位, 排名16) can take
    comparators: re.Pattern[str]
    entity: Alternation  # a rail operator or brand
    record: re.Pattern[str]
    statement: re.Pattern[str]
    dateline: re.Pattern[str]
    day_reach: int  # the most characters a statement's or a dateline's day takes before its 日
    prior_paren: re.Pattern[str]
    earlier_rate: re.Pattern[str]
    paren_rate: re.Pattern[str]  # a bare rate in brackets (地区生产总值(7.5%), 西夏区(13.0%))
    route: re.Pattern[str]
    change: re.Pattern[str]
    today: re.Pattern[str]
    span_start: re.Pattern[str]
    span_end: re.Pattern[str]
    rates: re.Pattern[str]
    q_before: re.Pattern[str]
    target: re.Pattern[str]
    goal_words: re.Pattern[str]  # a release's goal words: the cues and the words of a plan (计划)
    goal_done: re.Pattern[str]  # 目标(任务)的/圆满完成: after a goal noun, a goal referred to
    goal_refs: re.Pattern[str]  # 完成, 围绕: before a goal word in its clause, a goal referred to, not stated
    goal_head: re.Pattern[str]  # 2024年主要预期目标: a line heading a list of goals
    goal_verb: re.Pattern[str]  # 力争, 确保: a goal stated by a verb (a line with one is no heading of a list)
    goal_after: re.Pattern[str]  # 增长6%的目标: a goal named right after its figure
    goal_again: re.Pattern[str]  # 增长6%、力争7%: a second goal for the growth just stated
    progress: re.Pattern[str]  # 完成年度目标的76.5%, 序时进度: progress against a goal
    anaphora: re.Pattern[str]
    join: re.Pattern[str]
    forecast: re.Pattern[str]
    forecast_release: re.Pattern[str]  # the same without the words of a plan, which in a release state a goal
    whole: re.Pattern[str]
    not_counts: re.Pattern[str]
    peak_open: re.Pattern[str]  # 多次刷新单日纪录，最高达1405车: a clause opening on a peak
    blockers: re.Pattern[str]
    holiday: re.Pattern[str]
    not_unit: re.Pattern[str]
    subset_trains: re.Pattern[str]  # 定制班列36列: a subset of the service's trains
    goods_after: re.Pattern[str]  # 8万多吨防疫物资: a kind of goods named right after a weight or a value
    sector_object: re.Pattern[str]  # 第一产业完成投资: a bare sector followed by what is not its value added
    ops_verb: re.Pattern[str]
    asof_words: re.Pattern[str]
    scope: re.Pattern[str]
    parts: re.Pattern[str]
    level_with: re.Pattern[str]
    dispatch: re.Pattern[str]
    one_train: re.Pattern[str]
    home: re.Pattern[str]  # 境内14个城市: cities at home, not served
    origin: re.Pattern[str]  # 集货地…覆盖…60个城市: where the cargo is collected
    abroad: re.Pattern[str]  # 境外, 欧洲: a place abroad
    cargo_word: re.Pattern[str]  # 货物量: the cargo in the unit counted last
    heading: re.Pattern[str]  # 开往欧洲: a direction covering many routes
    bare_mark: re.Pattern[str]  # 突破万列大关: a mark crossed, written as a bare 万
    cargo_unit: re.Pattern[str]  # 2.1万标准箱, 30万吨: a count of cargo in containers or tonnes
    counted_gap: re.Pattern[str]  # 5000余名首都环卫工人: a short modifier between a measure word and the counted noun
    count_units: frozenset[str]
    # cue words looked for anywhere in a span (one scan instead of a `w in text` per word)
    cumulative: re.Pattern[str]  # 累计, 总量, 以来: a running total
    running: re.Pattern[str]
    since_start: re.Pattern[str]  # 开行以来, 迄今: counted since the service began
    directions: re.Pattern[str]  # 去程, 发送, 回程, 到达: the words that say which way trains go
    other_service: re.Pattern[str]  # 铁海联运, 公路: a service other than the China–Europe trains
    schedule: re.Pattern[str]  # 每周, 班期: a sentence about the timetable
    event_words: re.Pattern[str]  # 期间, 此次: the event a bulletin reports
    ops_running: re.Pattern[str]  # 累计: a total over the story's days
    ops_lately: re.Pattern[str]  # 连日来: from the story's day to now
    earlier_period: re.Pattern[str]  # 较一季度, 环比: a change against an earlier period, not year on year
    earlier_view: re.Pattern[str]  # 从环比看: the sentence's rates after it are against the earlier period
    bare_rate: re.Pattern[str]  # 同比增长6.2，: a rate whose % the page left out
    target_cue: re.Pattern[str]  # 力争, 目标: where `target` can match
    structure: re.Pattern[str]  # 三次产业结构: a name of vocab.structure_ratios
    structure_names: tuple[str, ...]  # the same names, longest first (三次产业结构 before 产业结构)
    structure_table: dict[str, tuple[str, ...]]  # each name → the indicators of its a, b and c
    # the codes a mention names that a document of each kind reads (statistics ones in any document; rail and ops ones
    # only in their own kind), for each tuple of codes a subject name can give and each code alone
    read_codes: dict[str, dict[tuple[str, ...], tuple[str, ...]]]

    def ranks(self, text: str, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """The matches of `rank.finditer(text, 0, endpos)`: every rank holds its place (第, 首位, or a number after
        排名, which may stand before the match) and the words before it are optional, so `rank` opens with no character
        re could skip to."""
        return scan_near(self.rank, text, (("第", 0), ("首位", 0), ("排名", 2)), self.rank_reach, endpos)


def reach(head: str) -> int:
    """The most characters the pattern `head` can match (sys.maxsize when it has no bound)."""
    most = _parser.parse(head).getwidth()[1]
    return most if most < _parser.MAXREPEAT else sys.maxsize


def scan_near(rx: re.Pattern[str], text: str, anchors: tuple[tuple[str, int], ...], most: int,
              endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
    """The matches of `rx.finditer(text, 0, endpos)` for a pattern each match of which holds one of the anchors
    (word, back): the word starts at most `most` characters after the match starts and at most `back` before. Each
    scan starts near the next anchor instead of trying every character on the way (a pattern that opens with a
    lookahead or with optional words gives re no character to skip to). The matches must not be empty."""
    pos = 0
    while True:
        found = [a for w, back in anchors if (a := text.find(w, max(0, pos - back), endpos)) >= 0]
        if not found:
            return
        m = rx.search(text, max(pos, min(found) - most), endpos)
        if m is None:
            return
        yield m
        pos = m.end()


# ten thousand by itself before a count: 万余名, 上万名, 近万人 (a lone 万 elsewhere is a rate's: 每万人)
_TEN_THOUSAND = r"|(?<=[上近逾超约破])万(?=[多余]?(?:{0}))|万(?=[多余](?:{0}))"
_TEN_THOUSAND_AFTER = r"|(?<=[上近逾超约破]万)(?=[多余]?(?:{0}))|(?<=万)(?=[多余](?:{0}))"  # (the 万 read already)


def _number_pattern(rules: Rules, plain: bool = False) -> re.Pattern[str]:
    """An Arabic number (separators, decimals) or a Chinese numeral before a count unit; a range; 万/亿; a unit.
    The number's first character is read first, so that re skips to it; `plain` is the same pattern opening with a
    lookahead (tried at every character), which the tests compare it with."""
    v = rules.vocab
    units = [u for u in v.units if u[0] not in "万亿"]
    # a numeral in words counts (三列, 四千零六十五人次) or weighs (九百二十五公吨: scan_numbers keeps the composed ones)
    count_units = [u for u, spec in v.units.items()
                   if (spec.family in v.count_families or spec.family == "weight") and u[0] not in "万亿"]
    unit_alt = _alt(units)
    count_alt = _alt(count_units)
    rng = _alt(v.range_words)
    # not after Latin letters (G20, X9527次, PM2.5) but after GDP, written without a space (全区实现GDP144.15亿元)
    # 13万5400多公吨: 万 between Arabic digits, four after it, is one number (135400); 5万6千多人 too (56000), and
    # 1万5,732件 (15732), 1万460人次 (10460); 3千多名, 2百名: thousands and hundreds after Arabic digits before a count
    # (3000, 200); 10余万名: more than a hundred thousand
    if plain:
        num = (r"(?=[\d" + _CN + r"万])(?:(?<![\d.A-Za-z])|(?<=GDP))(?P<num>\d+万(?:\d,\d{3}|\d{4}|\d千|\d{1,3}(?![\d.,]))(?=[多余]?(?:" + unit_alt + r"))"
               r"|\d+[千百](?=[多余]?(?:" + count_alt + r"))"
               r"|\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
               r"|[" + _CN + r"]+(?:[万亿][" + _CN + r"]+)*(?=[万亿]?[多余]?(?:" + count_alt + r"))"
               + _TEN_THOUSAND.format(count_alt) +
               # 突破三千亿元, 迈上千亿台阶: a sum in words right after the verb of a milestone
               r"|(?<=" + _MILESTONE_VERBS + r")[" + _CN + r"]+(?=万?亿(?![美])))")
    else:
        # (the lookbehinds see the first character too: one more in their width)
        num = (r"(?P<num>[\d" + _CN + r"万](?:(?<![\d.A-Za-z].)|(?<=GDP.))"
               r"(?:(?<=\d)(?:\d*万(?:\d,\d{3}|\d{4}|\d千|\d{1,3}(?![\d.,]))(?=[多余]?(?:" + unit_alt + r"))"
               r"|\d*[千百](?=[多余]?(?:" + count_alt + r"))|\d*(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
               r"|(?<=[" + _CN + r"])[" + _CN + r"]*(?:[万亿][" + _CN + r"]+)*(?=[万亿]?[多余]?(?:" + count_alt + r"))"
               + _TEN_THOUSAND_AFTER.format(count_alt) +
               r"|(?<=(?:" + _MILESTONE_VERBS + r")[" + _CN + r"])[" + _CN + r"]*(?=万?亿(?![美]))))")
    return re.compile(
        num +
        r"(?:(?P<rsep>" + rng + r")(?P<num2>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?=[万亿多余]?(?:" + unit_alt + r")))?"
        r"(?:\s?(?P<pre>[多余](?=万))?(?P<mult>万亿|万|亿))?(?P<post>多|余)?(?:\s?)(?P<unit>" + unit_alt + r")?(?P<post2>" + _alt(list(v.qualifiers_after))
        + r")?"
    )


# the day of a statement (赵立坚5月19日说) or a dateline (新华社北京5月28日电) before its 日
_STATEMENT_DAY = r"(?:(?P<y>(?:19|20)\d{2})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})"
_DATELINE_DAY = r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})"


def _goal_pattern(cues: list[str], not_after: list[str]) -> re.Pattern[str]:
    """A goal's cue word, not one of the words after which it is none (确保了, 计划单列市, 计划总投资)."""
    return re.compile(first_chars(cues) + r"(?:" + _alt(cues) + r")" + (r"(?!" + _alt(not_after) + ")" if not_after else ""))


def _own_place(region_words: list[str]) -> list[str]:
    return [w for w in region_words if w[0] in "全我本该" and w not in ("全国", "全省")]


@cache
def lexicon(rules: Rules) -> Lexicon:
    """The compiled vocabulary of a rules object."""
    v = rules.vocab
    q_before = list(v.qualifiers_before)
    cover = (v.filler + v.growth_up + v.growth_down + v.growth_fill + v.pp_up + v.pp_down + v.pp_better + v.pp_worse
             + v.decline_words + v.rank_verbs + v.comparators
             + v.target_cues + v.release_goals + v.progress + q_before + v.share_cues)
    not_a_place_after = r"(?![场长委民政容级域]|统计|人民|人大)"  # (市场, 区长, 市民, 区级, 统计局: no place ends there)
    region_generic = _PLACE + "(?:" + _alt(v.region_suffixes) + ")" + not_a_place_after
    if v.zone_suffixes:  # (郑州航空港经济综合实验区: a zone's name runs longer)
        region_generic += "|" + _PLACE_CHAR + _PLACE_INNER + "{4,9}?(?:" + _alt(v.zone_suffixes) + ")" + not_a_place_after
    # 郑州市 is one place, not 郑州 and a 市 after it
    region_upper = _PLACE + "(?:" + _alt(v.region_suffixes_releases) + ")(?![场长委民政级域市区县]|统计|人民|人大)"
    # 全省56个城区, 全市城区: all the places of a kind, before the whole (全省) alone
    kinds = (r"全[省市州盟](?:[\d一二三四五六七八九十两]{1,3}个)?(?:" + _alt(v.region_kinds) + ")|") if v.region_kinds else ""
    # places whose names hold characters the place pattern refuses (和平区, 日照市, 东城区, 市中区), named in full
    places = _alt(v.place_names) + "|" if v.place_names else ""
    growth = (r"(?P<avg>" + _alt(v.average_growth) + r")?(?P<verb>" + _alt(v.growth_up + v.growth_down)
              + r")(?:" + _alt(v.growth_fill) + r"){0,3}\s*-?$")
    ordinal = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
    # the indicator ranked may stand between the population and the place (保持全国开行量第一)
    names = [k for k in rules.subject_codes if k[0] != "?" and not re.fullmatch(r"p\d+", k)]
    # 六县市排名第三, 全市排名第五: the population counted or a comparator right before the verb
    rank_words = (r"(?:(?P<pop>" + _alt(v.comparators) + r"|[一二三四五六七八九十两\d]{1,2}个?(?:" + _alt(v.rank_counted)
            + r"))\s{0,3}(?=" + _alt(v.rank_verbs) + r"))?"
            r"(?P<verb>" + _alt(v.rank_verbs) + r")?(?P<cmp>" + _alt(v.comparators)
            + r"|[\u4e00-\u9fff]{1,4}?(?:" + _alt(v.rank_populations) + r")"
            + r"|[一二三四五六七八九十两\d]{1,3}个?(?:" + _alt(v.rank_counted) + r")\s{0,3})?(?P<what>" + _alt(names) + ")?")
    # 总量排名16: a bare number right after 排名 is a place too
    # (第2、3位; 第2位和第6位: a list of places, each after 第 with its 位 when joined by 和)
    rank_place = (r"(?:第(?P<ns>" + ordinal + r"(?:、第?" + ordinal + r")*(?:(?:位|名)(?:、|和|及)第" + ordinal
                  + r"(?=位|名))*)(?:位|名)?|(?P<top>首位)"
            r"|(?<=排名)(?P<nb>\d{1,2})(?:位|名)?(?![\d.%]))")
    ents = v.rail.entity_patterns
    count_units = frozenset(u for u, spec in v.units.items() if spec.family in v.count_families)
    sectors: tuple[str, ...] = ("primary_va", "secondary_va", "tertiary_va")
    structures: dict[str, tuple[str, ...]] = {h + va + of + de + w: sectors for h in v.structure_heads
                                              for va in ("", "增加值") for of in ("", *v.structure_of) for de in ("", "的")
                                              for w in v.structure_words}
    structures.update({k: tuple(c) for k, c in v.structure_ratios.items()})
    rank_to = (r"[由从][^,;由从]{0,12}?第[^,;]{1,12}?(?:" + _alt(v.rank_moves)
               + r")了?(?:[\d一二三四五六七八九十两]{1,2}个?(?:位次|位|名))?(?:到|至|为)了?\s?$")
    return Lexicon(
        rules=rules,
        number=_number_pattern(rules),
        # (one branch per first character when every pattern opens with a plain one, else behind a lookahead)
        filler=re.compile(branches_by_first_char(v.filler_patterns, cover)
                          or first_chars(cover, v.filler_patterns) + "(?:" + "|".join([*v.filler_patterns, _alt(cover)]) + ")"),
        own_place_words=frozenset(_own_place(v.region_words)),
        region_words=frozenset(v.region_words),
        region_suffixes=frozenset(v.region_suffixes),
        zone_suffixes=tuple(v.zone_suffixes),
        place_names=frozenset(v.place_names),
        place_name=re.compile(_alt(v.place_names) if v.place_names else r"(?!x)x"),
        place_short=frozenset(rules.places),
        place_lengths=tuple(sorted({len(w) for w in rules.places}, reverse=True)),
        place_pairs=frozenset(w[i:i + 2] for w in rules.places for i in range(len(w) - 1)),
        own_place=re.compile(_alt(_own_place(v.region_words))),
        region=re.compile(_region_guard(v.region_words + v.place_names, v.region_suffixes, v.zone_suffixes) + "(?:" + kinds + _alt(v.region_words)
                          + "|" + places + region_generic + ")"),
        remark=re.compile(r"\s*(?:" + "|".join(v.remark_patterns) + ")" if v.remark_patterns else r"(?!x)x"),
        region_named=re.compile(_region_guard(v.region_words + v.region_names + v.place_names,
                                              v.region_suffixes + v.region_suffixes_releases, v.zone_suffixes)
                                + "(?:" + kinds + _alt(v.region_words) + "|(?:" + _alt(v.region_names) + _PROVINCE_SUFFIX + ")|"
                                + places + region_generic + "|" + region_upper + ")"),
        growth=re.compile(growth),
        share=re.compile(r"(?:" + _alt(v.share_cues) + r")[^,:]{0,16}?(?:的)?(?:为|达|达到|是)?\s*$"),
        pp=re.compile(r"(?P<cue>" + _alt(v.pp_up + v.pp_down + v.pp_better + v.pp_worse) + r")"),
        rank=re.compile(rank_words + rank_place),
        rank_reach=reach(rank_words),
        rank_to=re.compile(rank_to),
        rank_to_reach=reach(rank_to),
        comparators=re.compile(kinds + _alt(v.comparators)),  # (高于全省城区平均水平)
        entity=Alternation(list(ents)),
        record=re.compile("|".join(v.rail.record_claims) or r"(?!x)x"),
        # (the lookahead first: most characters fail it at once, before the lookbehind is tried)
        statement=re.compile(r"(?=\d{1,4}[年月日])(?<!\d)" + _STATEMENT_DAY + r"日[^。;\n]{0,30}?(?:" + _alt(v.statement_verbs) + ")"),
        dateline=re.compile(r"(?=\d{1,4}[年月])(?<!\d)" + _DATELINE_DAY + r"日\s?(?:电|讯)"),
        day_reach=max(reach(_STATEMENT_DAY), reach(_DATELINE_DAY)),
        # 较去年同期(-1.1%), and the aside (上年同期增长2.4%)
        prior_paren=re.compile(r"(?:(?P<w>" + _alt(v.prior_year_paren) + r")\(|\((?:" + _alt(v.prior_year_paren)
                               + r")(?:增长|为|是)?)(?P<neg>-)?(?P<v>\d+(?:\.\d+)?)%\)"),
        # 比一季度(3.1%), 较1-5月(5.9%): an earlier period compared with, its rate in parentheses
        earlier_rate=re.compile(r"(?:较|比|与)\s*(?P<body>[^,;:()。]{1,12}?)\s*\((?P<neg>-)?(?P<v>\d+(?:\.\d+)?)%\)"),
        # 地区生产总值(7.5%), 西夏区(13.0%): a bare rate in parentheses after a name (measures.paren_rate)
        paren_rate=re.compile(r"(?<=[\u4e00-\u9fff])\((?P<neg>-)?(?P<v>\d+(?:\.\d+)?)%\)"),
        route=re.compile(r"(?P<o>[\u4e00-\u9fff]{2,8}(?:\([\u4e00-\u9fff]{1,6}\))?)(?:" + _alt(v.rail.route_verbs)
                         + r")(?P<d>[\u4e00-\u9fff]{2,6}?)(?P<n>\d+|[一二两三四五六七八九十]{1,3})(?:"
                         + _alt([u for u, spec in v.units.items() if spec.family == "trains"]) + r")(?=[,;。、\s)]|$)"),
        # 同比增加1.2亿元, 比上年多开行46列: a change, not a level
        change=re.compile(r"(?:" + _alt(v.change_words) + r")(?:了)?(?:" + _alt(v.rail.count_verbs) + r")?\s*$"),
        today=re.compile(_alt(v.today_words)),
        span_start=re.compile(_alt(v.span_start_words)),
        span_end=re.compile(_alt(v.span_end_words)),
        rates=re.compile(_alt(v.rate_words)),
        q_before=re.compile(r"(?:" + _alt(q_before) + r")$"),
        # (in a bulletin: 年度目标的62%, 目标任务完成 speak of progress, not of a goal)
        target=re.compile(_goal_pattern(v.target_cues, v.goal_not).pattern + r"(?!(?<=目标)(?:任务)?(?:" + _alt(v.goal_done) + "))"),
        goal_words=_goal_pattern(v.target_cues + v.release_goals, v.goal_not),
        goal_done=re.compile(r"(?:任务)?(?:" + _alt(v.goal_done) + ")"),
        goal_refs=_any_of(v.goal_refs),
        goal_head=re.compile(r"(?:" + _alt(v.goal_heads) + r")(?:是|为|如下)?\s*:?\s*$"),
        goal_verb=_any_of([c for c in v.target_cues if "目标" not in c]),
        goal_after=re.compile(r"的(?:年度|全年)?(?:" + _alt([c for c in v.target_cues if c.endswith("目标")])
                              + r")(?!(?:任务)?(?:" + _alt(v.goal_done) + "))"),
        goal_again=re.compile(r"[、,]\s*(?:" + _alt(v.target_cues) + r")(?:达到|实现|增长)?\s*$"),
        progress=_any_of(v.progress),
        anaphora=re.compile(r"[\s,]*(?:" + _alt(v.anaphora) + ")"),
        # members of a list of numbers: 6.9%、8.6%和8.3%; 高于全国0.7、全省2.3个百分点 (a comparator before each)
        join=re.compile(r"\s*(?:[、和及与]\s*(?:(?:" + _alt(v.comparators) + r")(?:平均水平|平均)?\s*)?|,\s*)"),
        forecast=re.compile(_alt(v.forecast_cues)),
        forecast_release=re.compile(_alt([w for w in v.forecast_cues if w not in v.release_goals])),
        # 接近全国的四分之一: the whole a fraction is of, between the qualifier and the fraction
        whole=re.compile(r"(?:" + _alt(v.comparators) + r")(?:[\u4e00-\u9fff]{0,4}?)的$"),
        not_counts=re.compile(_alt(v.not_counts)),
        peak_open=re.compile(r"\s*(?:" + _alt(v.peak_openers) + r")(?:时|曾)?(?:达到|达|为|至)?\s*[\d.]")
        if v.peak_openers else re.compile(r"(?!x)x"),
        # 综合行政执法局出动人员…: a blocker word opening an institution's name blocks nothing
        blockers=re.compile(r"(?:" + _alt(v.blockers + v.progress) + r")(?![^\d\s,;:。、()]{0,6}?(?:" + _alt(v.institution_suffixes) + "))"),
        holiday=holiday_pattern(v.holidays),
        not_unit=re.compile(_alt(v.not_units)),
        asof_words=re.compile(_alt(v.asof_words)),
        scope=re.compile(_alt(v.subset_scopes)),
        sector_object=re.compile(r"[^,:;。\d%]{0,4}?(?:" + _alt(v.sector_objects) + ")" if v.sector_objects else r"(?!x)x"),
        # 与全市持平: the same growth as the comparator, a gap of 0 points
        level_with=re.compile(r"(?:与|和|同)(?P<cmp>" + _alt(v.comparators) + r")(?:平均水平|平均)?(?:增速|增幅)?持平"),
        # 西、中、东三条通道: parts of the service listed before a noun that names them
        parts=re.compile(r"(?P<items>[\u4e00-\u9fff]{1,4}?(?:、[\u4e00-\u9fff]{1,4}?)+)(?:[一二三四五六七八九十两\d]+[条个])?"
                         r"(?P<noun>" + _alt(v.rail.part_nouns) + ")"),
        # 清运254吨, 共清理出约58吨, 清扫烟花爆竹624公斤: a verb right before a number, or before what it took away and the
        # number, says what it counts
        ops_verb=re.compile(r"(?P<verb>" + _alt(list(v.ops.verb_indicators)) + r")(?:[\u4e00-\u9fff]{1,8}?)??"
                            r"(?:共|约|近|了|出|总计|累计|计|达|超过|超|逾)*\s*$"),
        dispatch=re.compile(_alt(v.rail.dispatch_words)),
        subset_trains=re.compile("|".join(v.rail.subset_trains) or r"(?!x)x"),
        goods_after=re.compile(r"[\u4e00-\u9fff]{0,2}?(?:" + _alt(v.rail.goods_after) + ")" if v.rail.goods_after else r"(?!x)x"),
        one_train=re.compile("|".join(v.rail.single_train) or r"(?!x)x"),
        home=re.compile(_alt(v.rail.home_words) or r"(?!x)x"),
        origin=re.compile(_alt(v.rail.origin_words) or r"(?!x)x"),
        abroad=re.compile(_alt(v.rail.abroad_words) or r"(?!x)x"),
        cargo_word=re.compile(_alt(v.rail.cargo_words) or r"(?!x)x"),
        bare_mark=re.compile(r"破(?P<mark>" + (_alt(list(v.rail.bare_marks)) or r"(?!x)x") + r")(?:列|班|趟)"),
        heading=re.compile("(?:" + _alt(v.rail.route_verbs) + ")(?:" + (_alt(v.rail.direction_places) or r"(?!x)x")
                           + ")(?:方向)?"),
        cargo_unit=re.compile(r"(?<=[\d万亿多余])\s?(?P<unit>" + _alt([u for u, spec in v.units.items()
                                                                    if spec.family in ("teu", "weight")]) + ")"),
        counted_gap=re.compile(r"[^\W\d_的和及与、在对为把被将从向到了]{1,4}?(?P<noun>"
                               + (_alt(list(rules.counted_codes)) or r"(?!x)x") + ")"),
        count_units=count_units,
        cumulative=_any_of(v.rail.cumulative),
        # 截至今年6月底 counts to a day of this year: its 至今 is no "until now"
        running=re.compile(_NOT_THIS_YEAR + "(?:" + _alt(v.rail.running_words) + ")"),
        since_start=re.compile(_NOT_THIS_YEAR + "(?:" + _alt(v.rail.since_start) + ")"),
        directions=_any_of([*v.rail.outbound, *v.rail.inbound, "去程", "回程"]),
        other_service=_any_of(v.rail.other_services),
        schedule=_any_of(v.rail.schedule_words),
        event_words=_any_of(v.ops.event_words),
        ops_running=_any_of(v.ops.running_words),
        ops_lately=_any_of(v.ops.lately_words),
        earlier_period=_any_of(v.earlier_period),
        earlier_view=_any_of(v.earlier_view),
        bare_rate=re.compile(r"(?:" + _alt(v.bare_rate) + r")(?:了)?$"),
        target_cue=_any_of(v.target_cues + v.release_goals),
        structure=_any_of(list(structures)),
        structure_names=tuple(sorted(structures, key=len, reverse=True)),
        structure_table=structures,
        read_codes=_read_codes(rules),
    )


def _read_codes(rules: Rules) -> dict[str, dict[tuple[str, ...], tuple[str, ...]]]:
    named = {*rules.subject_codes.values(), *((c.lstrip("?^"),) for codes in rules.subject_codes.values() for c in codes)}
    ind = rules.indicators
    return {kind: {codes: tuple(c for c in codes if c in ind and (kind in ind[c].kinds or "stats" in ind[c].kinds))
                   for codes in named}
            for kind in ("stats", "rail", "ops", *rules.vocab.kind_words)}
