"""Regenerate warehouse/places.txt: the short names of China's prefecture- and county-level divisions.

The division list is the one bundled in the MIT-licensed PyPI package cpca 0.5.5 (cpca/resources/adcodes.csv, the
national statistics bureau's division codes); common words are told apart with the word list of jieba 0.42.1 (MIT,
jieba/dict.txt: word, frequency, part of speech). Neither is a dependency of statwatch: fetch them by hand, then run

    pip download cpca==0.5.5 jieba==0.42.1 --no-deps -d /tmp/gaz
    python -m statwatch_dev.gazetteer /tmp/gaz > warehouse/places.txt

(one command in the Makefile: `make places`).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import tarfile
import zipfile
from pathlib import Path

# a short name is what is left of the full one without its suffix (郑州市 → 郑州, 本溪满族自治县 → 本溪, 浦东新区 → 浦东)
_SUFFIX = r"(?:新区|林区|特区|地区|矿区|区|县|市|旗|盟|州)"
# jieba's parts of speech that are no names: a short name tagged so is an ordinary word (振兴 v, 友好 a, 南部 f)
_WORD_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "b", "m", "c", "f", "s", "t", "p", "q", "r", "u", "j", "l", "i"}
_COMMON = 100  # …when jieba counts it at least this often
_COMMON_NOUN = 300  # a noun (资源, 港口, 公安) at least this often
# county-level names jieba mis-tags as common words, kept
_KEEP = {"仙桃", "神农架", "石首", "潜江", "天门", "济源", "常熟", "高密", "临清", "大冶", "平遥", "应城", "当阳", "桃源", "湖里",
         "监利", "赤壁", "光泽", "江岸", "台前"}
# names that are ordinary words of the pages we read, whatever jieba says: directions and parts of a city (城关, 城北,
# 河东, 江南), words of praise and slogans (长安, 新华, 和平, 太平, 中原), words of the releases (开发, 高新, 新区, 新建),
# names that stand inside common phrases (七天长假, 万亿大关, 新增城镇, 大通道, 走上街头) or are common given names (卫东, 长乐)
STOP = set("""
城关 城中 城东 城西 城南 城北 城区 新城 老城 古城 东城 西城 南城 北城 上城 下城 市中 市北 市南 新市 开发 新区 高新 新建 新华 长安
和平 太平 中原 平原 江南 江北 河东 河西 河口 江口 湖口 南部 东方 南岸 江海 南海 东海 滨海 海港 运河 清水 温泉 白云 金山 青山 南山
东山 西山 天桥 双桥 三江 新兴 前进 解放 振兴 友好 友谊 复兴 富裕 宏伟 平安 安定 长寿 万年 向阳 红旗 东风 工农 建华 回民 民权 同心
博爱 互助 新民 富民 惠民 爱民 安居 兴隆 大兴 合作 资源 公安 港口 通道 比如 共和 延长 大方 平和 永和 石门 长兴 光明 先锋 胜利 新洲
七星 元宝 金台 红星 灯塔 高台 海棠 天涯 名山 清流 同仁 龙凤 双湖 中方 平定 保康 丰满 大观 三门 五峰 二七 大名 会同 长子 莲花
全州 天长 大关 增城 大通 上街 上林 卫东 长乐 芙蓉 石林 黄龙 北湖 南湖 东湖 西湖 镇远 定远 无为 永新
""".split())


def _member(archive: Path, name: str) -> str:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(name))).decode("utf-8")
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith(name))
        f = t.extractfile(member)
        if f is None:
            raise ValueError(f"{archive}: {name} is no file")
        return f.read().decode("utf-8")


def short_names(divisions: str, nations: str, words: str) -> list[str]:
    """The short names (two characters or more) of the prefecture- and county-level divisions, common words left out."""
    ethnic = sorted({n for x in nations.split() for n in (x, x.removesuffix("族"))}, key=len, reverse=True)
    autonomous = re.compile(r"(.+?)(?:" + "|".join(ethnic) + r")+自治[县州旗]")
    plain = re.compile(r"(.+?)" + _SUFFIX)
    freq: dict[str, tuple[int, str]] = {}
    for line in words.splitlines():
        w, n, tag = line.split()
        freq[w] = (int(n), tag)
    found: set[str] = set()
    for row in csv.DictReader(io.StringIO(divisions)):
        code, name = row["adcode"], row["name"]
        if code[2:6] == "0000":
            continue  # provinces: extract_rules.yaml names them (region_names)
        m = autonomous.fullmatch(name) or plain.fullmatch(name)
        if m is None or len(m.group(1)) < 2:
            continue
        short = m.group(1)
        prefecture = code[4:6] == "00"
        count, tag = freq.get(short, (0, ""))
        common = (tag in _WORD_TAGS and count >= _COMMON) or (tag == "n" and count >= _COMMON_NOUN)
        if short in STOP or (common and not prefecture and short not in _KEEP):
            continue
        found.add(short)
    return sorted(found)


def main(folder: str) -> None:
    """Print places.txt from the two packages downloaded into `folder`."""
    d = Path(folder)
    cpca = next(d.glob("cpca-0.5.5*.whl"))
    jieba = next(d.glob("jieba-0.42.1*"))
    names = short_names(_member(cpca, "resources/adcodes.csv"), _member(cpca, "resources/56_nations.csv"),
                        _member(jieba, "jieba/dict.txt"))
    out = sys.stdout
    out.write("# Short names of China's prefecture- and county-level divisions (郑州市 → 郑州, 本溪满族自治县 → 本溪), one a line.\n"
              "# From cpca 0.5.5 (MIT; cpca/resources/adcodes.csv); names that are ordinary words left out (jieba 0.42.1's\n"
              "# word list, MIT, and a stop list): see statwatch_dev/gazetteer.py, which regenerates this file.\n")
    out.write("\n".join(names) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m statwatch_dev.gazetteer FOLDER (holding the cpca and jieba downloads)")
    main(sys.argv[1])
