#!/usr/bin/env python3
"""Build the place gazetteer and the word lists in ``rules/gazetteer/`` for the anonymizer.

Sources (build-time only; nothing here is needed at run time):

* ``cpca`` 0.5.5 (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper):
  ``resources/adcodes.csv`` — the national list of provinces, prefectures and
  counties/districts with their GB/T 2260 codes, and ``56_nations.csv``.
* ``jieba`` 0.42.1 (MIT, https://github.com/fxsjy/jieba): ``dict.txt``, word
  frequencies and part-of-speech tags, used to tell common words (大方, 通道,
  高度) from names.

Usage:  pip install --no-deps cpca==0.5.5 jieba==0.42.1 && python tools/build_gazetteer.py
"""

from __future__ import annotations

import csv
import importlib.resources
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rules" / "gazetteer"
NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nz", "nt"}  # jieba tags for names: not common words
COMMON_FREQ = 20       # a jieba word seen this often (and not tagged as a name) is a common word
BARE_COUNTY_FREQ = 200  # a county name without suffix must be rarer than this as a word
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
            "省", "市", "盟", "州", "县", "旗", "区")
# names that are ordinary words or slogans as well (长治久安, 来宾, 白银, 日照 …): only with suffix
COMMON_BARE = {
    "大同", "长治", "安康", "来宾", "白银", "大庆", "日照", "普洱", "黄山", "大理",
    "北海", "红河", "吉安", "中山", "三明", "通化", "永安", "文山", "安顺", "宜春",
    "朝阳", "新建", "安宁", "兴国", "江南", "长安", "南山", "东城", "西城", "和平",
    "光明", "东方", "红旗", "白云", "向阳", "前进", "友好", "振兴", "富民", "城关",
    "平安", "大方", "通道", "新华", "青山", "龙华", "永和", "永定", "永年", "先锋",
    "东风", "红星", "团结", "民主", "新兴", "城中", "开发", "高新", "新城", "新市",
    "海北", "海东", "河东", "河西", "江北", "城北", "城南", "城东", "城西", "桥东",
    "桥西", "铁山", "金山", "鼓楼", "仁和", "清河", "清水", "太和", "太平", "安定",
    "宁安", "建华", "古城", "天山", "泰山", "庐山", "商城", "河口", "天桥", "路桥",
    "龙门", "吉利", "长寿", "江山", "东海", "西山", "大关", "牡丹", "西湖", "南湖",
    "东湖", "井冈山", "峨眉山", "九寨沟", "宝塔", "甘泉", "西夏", "天河", "黄埔", "武昌",
    "江夏", "洪湖", "汉阳", "江汉", "天门", "南岳", "衡山", "武陵", "东山", "兴隆",
    "新河", "大城", "故城", "临江", "江东", "象山", "海城", "平山", "无极", "江城",
    "银海", "江海", "三江", "九龙", "七星", "龙山", "金沙", "万山", "江口", "沿河",
    "独山", "双湖", "亚东", "白河", "横山", "平川", "凉州", "景泰", "同仁", "永宁",
    "太湖", "巢湖", "花山", "三山", "滨海", "东坡", "龙井", "龙潭", "白塔", "山城",
    "上街", "中阳", "新安", "大安", "永兴", "长白", "金川", "祁连", "温泉", "沙湾",
    "海港", "松山", "红山", "千山", "玉泉", "南关", "北关", "湖滨", "卧龙", "盘龙",
    "官渡", "石林", "祥云", "永平", "南华", "弥勒", "白水", "黄陵", "黄龙", "白玉",
    "白沙", "文昌", "元宝", "方正", "木兰", "延寿", "博爱", "惠民", "安国", "石龙",
    "北湖", "荷塘", "华容", "钟楼", "玄武", "阳明", "南沙", "福田", "宝安", "开平",
    "长兴", "长乐", "平原", "咸丰", "黄梅", "白山", "海口", "山南", "阿里", "友谊",
    "武功", "共和", "中原", "凤凰", "高明", "威信", "南海", "龙凤", "古塔", "嘉禾",
    "永丰", "永福", "大通", "大田", "兴山", "竹山", "通山", "安乡", "城区", "郊区",
    "矿区", "双峰", "东安", "宁远", "蓝山", "江华", "凌云", "钟山", "凤山", "罗城",
    "江州", "五指山", "西沙群岛", "南沙群岛", "宁县", "龙泉", "庆元", "云和", "青田", "长岛",
    "蓬莱", "梁山", "东平", "正阳", "西平", "太康", "延津", "新平", "通海", "马关",
    "金平", "石屏", "永昌", "会宁", "山丹", "华亭", "静宁", "康乐", "乐都", "贺兰",
    "灵武", "兴庆", "青河", "和硕", "特克斯", "温宿", "新和",
}
# Bases of the gazetteer that are national landmarks/common nouns, kept only with suffix
GENERIC = re.compile(r"^[东西南北中上下前后内外新老城市郊矿区县镇乡]+$")


def _jieba_dict() -> dict[str, tuple[int, str]]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    out: dict[str, tuple[int, str]] = {}
    for line in path.read_text("utf-8").splitlines():
        word, freq, tag = line.split(" ")
        out[word] = (int(freq), tag)
    return out


def _strip(name: str, nations: list[str]) -> str:
    """The base of an official name: 临夏回族自治州 → 临夏, 平凉市 → 平凉."""
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            base = name[: -len(suf)]
            if suf.startswith("自治"):
                # drop the nationalities: 积石山保安族东乡族撒拉族 → 积石山
                changed = True
                while changed:
                    changed = False
                    for n in nations:
                        for form in (n, n[:-1]):  # 蒙古族 and 蒙古 both occur
                            if len(form) >= 1 and base.endswith(form) and len(base) > len(form) + 1:
                                base, changed = base[: -len(form)], True
                                break
                        if changed:
                            break
            return base
    return name


def main() -> None:
    words = _jieba_dict()
    pkg = importlib.resources.files("cpca") / "resources"
    nations = sorted((ln.strip() for ln in (pkg / "56_nations.csv").read_text("utf-8").splitlines()
                      if ln.strip()), key=len, reverse=True)
    rows = list(csv.DictReader((pkg / "adcodes.csv").read_text("utf-8").splitlines()))
    provinces = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:6] == "0000"}
    seen: set[tuple[str, str]] = set()
    places: list[tuple[str, str, str, str, str]] = []
    for r in sorted(rows, key=lambda r: r["adcode"]):
        code, name = r["adcode"], r["name"]
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or "直辖" in name:
            continue
        level = "province" if code[2:6] == "0000" else "prefecture" if code[4:6] == "00" else "county"
        base = _strip(name, nations)
        freq, tag = words.get(base, (0, ""))
        if level == "county":
            # rare as a word, or a place name (jieba's tag) that is not too frequent
            bare = (len(base) >= 2 and not GENERIC.match(base) and base not in COMMON_BARE
                    and (freq < BARE_COUNTY_FREQ or (tag == "ns" and freq < 10 * BARE_COUNTY_FREQ)))
        else:
            bare = len(base) >= 2 and base not in COMMON_BARE
        key = (name, level)
        if key in seen:
            continue
        seen.add(key)
        places.append((name, base, level, "1" if bare else "0", _strip(provinces.get(code[:2], ""), nations)))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "places.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# generated by tools/build_gazetteer.py from cpca 0.5.5 adcodes.csv (MIT) — do not edit\n")
        fh.write("name\tbase\tlevel\tbare\tprovince\n")
        for p in places:
            fh.write("\t".join(p) + "\n")

    # common words: frequent jieba words of 2-3 characters that are not tagged as names
    common = sorted(w for w, (f, t) in words.items()
                    if len(w) in (2, 3) and f >= COMMON_FREQ and t not in NAME_TAGS
                    and re.fullmatch(r"[\u4e00-\u9fff]+", w))
    (OUT / "common_words.txt").write_text(
        "# generated by tools/build_gazetteer.py from jieba 0.42.1 dict.txt (MIT) — do not edit\n"
        + "\n".join(common) + "\n", "utf-8")


    print(f"{len(places)} places, {len(common)} common words → {OUT}")


if __name__ == "__main__":
    main()
