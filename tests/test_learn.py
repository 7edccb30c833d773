"""Corpus learning: recurring site chrome is proposed, body text is not."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from fanwen_clean import RuleBook
from fanwen_clean.cli import main
from fanwen_clean.decode import decode
from fanwen_clean.document import Document
from fanwen_clean.learn import learn
from fanwen_clean.masking import mask
from fanwen_clean.settings import Settings
from fanwen_clean.stages import boilerplate, normalize, segment, t2s

# The learned models (line classifier and filler model) turned off: the explicit rules alone.
MODELS_OFF = ('[[boilerplate_model]]\nbias = -30.0\nweights = {}\n\n'
              '[[boilerplate_model]]\nmodel = "filler"\nbias = -30.0\nweights = {}\n')

# Sentence pools written for this test: body text varies from page to page.
SUBJECTS = ["我们单位", "全体干部职工", "各部门", "党支部", "工会组织", "年轻同志", "项目组", "后勤保障部门"]
VERBS = ["认真落实了", "积极推进了", "扎实开展了", "全面完成了", "持续深化了", "稳步实施了"]
OBJECTS = ["年度重点任务", "安全生产检查", "作风建设活动", "业务培训计划", "便民服务工作",
           "档案整理工作", "节能降耗措施", "志愿服务活动", "廉政教育活动", "制度修订工作"]
TAILS = ["取得了明显成效", "得到了群众认可", "积累了有益经验", "为下一步工作打下了基础",
         "形成了长效机制", "有效提升了工作效率"]
TITLES = ["工作总结", "述职报告", "心得体会", "讲话稿", "工作计划", "发言材料"]
# Salutations and sign-offs recur in every speech: they must never be proposed.
OPENERS = ["各位领导、同志们：", "尊敬的各位领导："]
CLOSERS = ["谢谢大家！", "以上汇报，请批评指正。"]
SIGNERS = ["某某县教育局", "某某市民政局办公室", "某某社区居委会"]

# Planted chrome of five made-up sites; none is caught by the shipped rules.
SITES = [
    (["本栏目由热心网友维护更新"], ["喜欢这篇文章就点个赞吧", "本页共收录{n}条精选内容"]),
    (["好材料小站 每日更新"], ["感谢您的耐心阅读，祝您工作顺利"]),
    (["欢迎光临材料宝库频道"], ["本期内容到此结束，下期再见"]),
    ([], ["觉得有用请分享给朋友", "小站已运行{n}天"]),
    (["写作助手频道第{n}期"], []),
]
CHROME = {"本栏目由热心网友维护更新", "喜欢这篇文章就点个赞吧", "本页共收录⟨N⟩条精选内容",
          "好材料小站 每日更新", "感谢您的耐心阅读，祝您工作顺利", "欢迎光临材料宝库频道",
          "本期内容到此结束，下期再见", "觉得有用请分享给朋友", "小站已运行⟨N⟩天", "写作助手频道第⟨N⟩期"}
# one article copied onto several pages of different sites: its lines recur, but they are prose
COPIED = ["关于加强机关作风建设的几点思考",
          "机关作风建设关系到党和政府的形象，必须常抓不懈、久久为功，切实把各项要求落到实处。",
          "要坚持问题导向，对照群众反映的突出问题，逐项整改，确保取得群众满意的实效。"]


def _sentence(rng: random.Random) -> str:
    return rng.choice(SUBJECTS) + rng.choice(VERBS) + rng.choice(OBJECTS) + "，" + rng.choice(TAILS) + "。"


def make_page(rng: random.Random, site: int, copied: bool) -> str:
    head, foot = SITES[site]
    n = rng.randint(2, 999)
    lines = [h.format(n=n) for h in head]
    if copied:
        body = list(COPIED)
    else:
        body = [f"{rng.randint(2015, 2024)}年{rng.choice(TITLES)}", rng.choice(OPENERS)]
        body += ["".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 7))]
        body.append(rng.choice(CLOSERS))
        if site == 4 or rng.random() < 0.3:  # notices end with the issuing body and a date
            year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
            body += [rng.choice(SIGNERS), f"{year}年{month}月{day}日"]
    lines += body + [f.format(n=rng.randint(2, 999)) for f in foot]
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    pages = []
    for i in range(300):
        copied = i % 50 == 0  # six copies of one article
        text = make_page(rng, i % len(SITES), copied)
        enc = "gb18030" if i % 3 == 0 else "utf-8"
        pages.append((f"p{i:03d}.txt", text.encode(enc)))
    return pages


@pytest.fixture(scope="module")
def rules_only(tmp_path_factory) -> RuleBook:
    """The shipped rules with the learned models turned off: what is left to learn is all the
    planted chrome."""
    off = tmp_path_factory.mktemp("rules") / "no_model.toml"
    off.write_text(MODELS_OFF, "utf-8")
    return RuleBook.with_user([off])


def test_learn_finds_planted_chrome_and_no_body_line(corpus, rules_only):
    result = learn(corpus, rules_only)
    keys = {c.key for c in result.rules}
    assert result.pages == 300
    assert keys == CHROME
    for c in result.rules:
        assert len(c.pages) >= 6
        assert c.examples and all(mask(e) == c.key for e in c.examples)


def test_what_the_stage_removes_is_not_proposed_again(rules_only):
    """A footer line the line classifier removes by itself (本站推荐) is not proposed; with the
    classifier off it is."""
    rng = random.Random(5)
    pages = []
    for i in range(10):
        lines = ["2020年工作总结", *(_sentence(rng) for _ in range(4)), "本站推荐", "红叶书屋出品"]
        pages.append((f"s/p{i}.txt", "\n\n".join(lines).encode("utf-8")))
    assert {c.key for c in learn(pages, RuleBook()).rules} == {"红叶书屋出品"}
    assert {c.key for c in learn(pages, rules_only).rules} == {"本站推荐", "红叶书屋出品"}


def test_learned_rules_clean_the_corpus(corpus, rules_only, tmp_path: Path):
    out = tmp_path / "learned.toml"
    out.write_text(learn(corpus, rules_only).to_toml(), "utf-8")
    entries = tomllib.loads(out.read_text("utf-8"))["boilerplate"]
    assert all(e["code"] == "FW210" and e["kind"] == "masked" and e["count"] >= 6 for e in entries)
    book = RuleBook.with_user([out])
    for name, data in corpus[:40]:
        text, _enc = decode(data, name)
        doc = Document.from_text(text)
        for stage in (normalize, t2s, segment, boilerplate):
            doc = stage.run(doc, book, Settings())
        kept = {mask(line.text) for line in doc.lines}
        assert not kept & CHROME, name
        body = [t for t in text.split("\n") if t and mask(t) not in CHROME]
        assert all(t in doc.text for t in body), name


def test_stock_phrases_are_never_proposed_and_sites_are_counted():
    """Pages of two sites (folders) that all open with the same greeting and heading: only the
    sites' own chrome is proposed, with the number of pages and sites it was seen on."""
    rng = random.Random(3)
    pages = []
    for i in range(12):
        site = f"site{i % 2}"
        lines = ["老师们、同学们：", "一、基本情况", *(_sentence(rng) for _ in range(4)), "谢谢大家！",
                 "红叶书屋出品" if site == "site0" else "青松文集"]
        pages.append((f"corpus/{site}/p{i}.txt", "\n\n".join(lines).encode("utf-8")))
    result = learn(pages, RuleBook())
    found = {c.key: c for c in result.rules}
    assert found.keys() == {"红叶书屋出品", "青松文集"}
    assert found["红叶书屋出品"].sites == {"site0"} and found["青松文集"].sites == {"site1"}
    assert all(len(c.pages) == 6 for c in found.values())
    assert "on 6 of 12 pages and 1 site(s)" in result.to_toml()


def test_small_corpus_learns_nothing(corpus):
    assert learn(corpus[:2], RuleBook()).rules == []


def test_learn_command(corpus, tmp_path: Path, runner):
    src = tmp_path / "pages"
    src.mkdir()
    for name, data in corpus[:100]:
        (src / name).write_bytes(data)
    out = tmp_path / "rules" / "learned.toml"
    off = tmp_path / "no_model.toml"
    off.write_text(MODELS_OFF, "utf-8")
    res = runner.invoke(main, ["learn", str(src), "-o", str(out), "--rules", str(off)])
    assert res.exit_code == 0, res.output
    learned = tomllib.loads(out.read_text("utf-8"))["boilerplate"]
    assert {e["line"] for e in learned} == CHROME
    page = src / "p001.txt"
    cleaned = runner.invoke(main, ["clean", "--format", "text", "--rules", str(out), str(page)])
    assert cleaned.exit_code == 0, cleaned.output
    assert "好材料小站" not in cleaned.output and "感谢您的耐心阅读" not in cleaned.output
