"""Generate a benchmark corpus of dirty 范文 pages from the repository's ``samples/*.txt``.

Every page mixes paragraphs of several sample pages, with variation: paragraph
order shuffled, placeholders planted (20xx, xx, ×××, □□, 某某 …), site junk
lines inserted (来源, 更多范文请访问 …), stray spaces, full-width digits, hard
wraps and blank-line runs.  A share of the pages is written in GB18030, as on
real sites.  The result is deterministic for a given seed.  Without samples a
small built-in text is used, so the script also runs from a bare checkout.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

FALLBACK = """20xx年工作总结
各位领导、同志们：
一年来，在xx局党组的正确领导下，我们紧紧围绕年初确定的目标任务，扎实推进各项工作，取得了明显成效。
一、主要工作完成情况
（一）抓学习，提升能力。全年组织集中学习xx次，撰写心得体会xx篇，干部职工的业务水平进一步提高。
（二）抓落实，推动发展。我们把工作任务分解到科室、落实到个人，做到有布置、有检查、有反馈。
二、存在的问题
一是学习的深度还不够，二是工作的创新意识不强，三是督促检查的力度有待加强。
三、明年工作打算
我们将继续坚持问题导向，突出重点，补齐短板，努力推动各项工作再上新台阶。
特此报告。
×××
20xx年x月x日
"""

JUNK = [
    "本文来源：https://www.example-fanwen.test/zongjie/{n}.html",
    "作者：佚名  来源：范文网  发布时间：2024-0{m}-1{m}",
    "更多范文请访问 www.example-fanwen.test",
    "【下载本文档】 本文档共{m}页，VIP会员免费下载",
    "预览结束，剩余内容请下载后查看",
    "首页 > 工作总结 > 个人工作总结 > 正文",
    "上传者：user{n}  上传时间：2023-1{m}-0{m}",
    "相关推荐：{m}篇精选年终总结范文",
    "声明：本文由网友投稿，仅供学习参考，如有侵权请联系删除。",
]
PLACEHOLDERS = ["20xx", "xx", "XX", "×××", "□□", "某某", "____", "20**", "x"]
PIAN = "一二三四五六"


def load_pages(samples: Path = ROOT / "samples") -> list[str]:
    """The sample pages as text (any encoding the tool can read), or the fallback page."""
    pages = []
    for f in sorted(samples.glob("*.txt")):
        try:
            text = _decode(f.read_bytes(), str(f))
        except ValueError:
            continue
        if text.strip():
            pages.append(text.lstrip("\ufeff"))
    return pages or [FALLBACK]


def _decode(data: bytes, name: str) -> str:
    try:
        from fanwen_clean.decode import decode
    except Exception:  # the package is broken mid-edit: UTF-8 samples are enough
        return data.decode("utf-8")
    return decode(data, name)[0]


def _vary_line(line: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.08 and len(line) > 20:  # a placeholder planted in the prose
        cut = rng.randrange(len(line))
        return line[:cut] + rng.choice(PLACEHOLDERS) + line[cut:]
    if r < 0.12:
        return "  " + line + rng.choice([" ", "\u3000", "  "])
    if r < 0.15:  # full-width digits, as from some editors
        return line.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if r < 0.20 and len(line) > 60:  # a hard wrap or page break in mid-sentence
        cut = rng.randrange(20, len(line) - 20)
        return line[:cut] + "\n" + line[cut:]
    return line


def make_page(pages: list[str], rng: random.Random, target: int) -> str:
    """One dirty page of about ``target`` UTF-8 bytes."""
    out: list[str] = [JUNK[5]] if rng.random() < 0.5 else []
    size = 0
    part = 0
    while size < target:
        lines = [x for x in rng.choice(pages).split("\n") if x.strip()]
        if len(lines) > 3:  # shuffle the body paragraphs a little, keep the title first
            body = lines[1:]
            for _ in range(max(1, len(body) // 4)):
                i = rng.randrange(len(body) - 1)
                body[i], body[i + 1] = body[i + 1], body[i]
            lines = [lines[0], *body]
        if part < len(PIAN) and rng.random() < 0.4:
            out.append(f"篇{PIAN[part]}：{lines[0]}")
            part += 1
        for line in lines:
            if rng.random() < 0.05:
                out.append(rng.choice(JUNK).format(n=rng.randrange(10000, 99999), m=rng.randrange(1, 9)))
            if rng.random() < 0.05:
                out.append("")
            new = _vary_line(line, rng)
            out.append(new)
            size += len(new.encode("utf-8")) + 1
            if size >= target:
                break
    out.append(rng.choice(JUNK).format(n=rng.randrange(10000, 99999), m=rng.randrange(1, 9)))
    return "\n".join(out) + "\n"


def generate(dest: Path, n_pages: int, seed: int = 1, mean_kb: float = 10.5, gb_share: float = 0.05) -> dict:
    """Write ``n_pages`` pages under ``dest`` (100 per folder); reuse a corpus made with the same args."""
    params = {"pages": n_pages, "seed": seed, "mean_kb": mean_kb, "gb_share": gb_share,
              "samples": [len(p) for p in load_pages()]}
    marker = dest / "corpus.json"
    if marker.exists():
        old = json.loads(marker.read_text())
        if old.get("params") == params:
            return old
    pages = load_pages()
    rng = random.Random(seed)
    total = 0
    for i in range(n_pages):
        target = int(rng.uniform(0.5, 1.5) * mean_kb * 1000)
        text = make_page(pages, rng, target)
        data = text.encode("gb18030") if rng.random() < gb_share else text.encode("utf-8")
        path = dest / f"{i // 100:03d}" / f"page-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    info = {"params": params, "files": n_pages, "bytes": total}
    marker.write_text(json.dumps(info))
    return info


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(generate(a.dest, a.pages, a.seed))
