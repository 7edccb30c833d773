"""JSONL corpora: records in, records out, other fields kept, bad lines reported by file:line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from fanwen_clean import clean_text
from fanwen_clean.cli import main

PAGES = [
    "各位领导：\n  20xx年我局工作總結。\n\n\n\n谢谢。",
    "一、基本情况\n\u3000\u3000全年完成任务１２项。\n",
    "已经干净的一段话。",
]


def write_shard(path: Path, pages: list[str], start: int = 0) -> list[dict]:
    recs = [{"id": f"doc-{start + i}", "url": f"https://example.org/{start + i}", "text": t,
             "meta": {"lang": "zh", "n": start + i}} for i, t in enumerate(pages)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return recs


def expected(text: str) -> str:
    out = clean_text(text).template
    return out if text.endswith("\n") else out.removesuffix("\n")


def test_round_trip_keeps_fields_and_order(runner, tmp_path):
    recs = write_shard(tmp_path / "a.jsonl", PAGES * 10)
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "--jobs", "2", str(tmp_path / "a.jsonl")])
    assert res.exit_code == 0, res.output
    outs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in outs] == [r["id"] for r in recs]
    for rec, out in zip(recs, outs, strict=True):
        assert out["url"] == rec["url"] and out["meta"] == rec["meta"]
        assert out["text"] == expected(rec["text"])
        info = out["fanwen_clean"]
        assert info["changed"] == (out["text"] != rec["text"])
        assert set(info) == {"changed", "changes", "warnings", "slots"}
    assert outs[0]["fanwen_clean"]["changed"] and not outs[2]["fanwen_clean"]["changed"]
    assert "30 records, 20 changed, 0 failed" in res.stderr
    # cleaning the output again changes nothing
    (tmp_path / "b.jsonl").write_text(res.stdout, "utf-8")
    again = runner.invoke(main, ["clean", "--input-format", "jsonl", "--check", str(tmp_path / "b.jsonl")])
    assert again.exit_code == 0, again.stderr


def test_bad_lines_are_reported_and_kept(runner, tmp_path):
    shard = tmp_path / "bad.jsonl"
    good = json.dumps({"id": 1, "text": PAGES[0]}, ensure_ascii=False)
    shard.write_text(f'{good}\n{{"id": 2, "text": \n\n{{"id": 3, "body": "x"}}\n[1, 2]\n{good}\n', "utf-8")
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", str(shard)])
    assert res.exit_code == 3
    errors = [e for e in res.stderr.splitlines() if "records" not in e]
    assert errors == [
        f"fanwen-clean: {shard}:2: invalid JSON: Expecting value (column 19)",
        f"fanwen-clean: {shard}:4: no field 'text' (choose one with --text-field)",
        f"fanwen-clean: {shard}:5: expected a JSON object, got list",
    ]
    lines = res.stdout.splitlines()
    assert len(lines) == 5  # the blank line is skipped, failed records are copied unchanged
    assert lines[1] == '{"id": 2, "text": ' and lines[3] == "[1, 2]"
    assert json.loads(lines[4])["text"] == expected(PAGES[0])
    assert "5 records, 2 changed, 3 failed" in res.stderr


def test_text_field_format_text_and_full_report(runner, tmp_path):
    shard = tmp_path / "c.jsonl"
    shard.write_text(json.dumps({"content": PAGES[1]}, ensure_ascii=False) + "\n", "utf-8")
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "--text-field", "content",
                               "--format", "json", str(shard)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    report = out["fanwen_clean"]
    assert {"source", "encoding", "text", "template", "slots", "changes", "warnings"} <= set(report)
    assert report["source"] == f"{shard}:1"
    assert out["content"] == report["template"]
    plain = runner.invoke(main, ["clean", "--input-format", "jsonl", "--text-field", "content",
                                 "--format", "text", str(shard)])
    assert json.loads(plain.stdout)["content"] == clean_text(PAGES[1]).text


def test_out_dir_mirrors_shards_and_gzip(runner, tmp_path):
    src = tmp_path / "corpus"
    (src / "part1").mkdir(parents=True)
    write_shard(src / "part1" / "s0.jsonl", PAGES)
    with gzip.open(src / "s1.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": PAGES[0]}, ensure_ascii=False) + "\n")
    (src / "notes.txt").write_text("not a shard")
    out = tmp_path / "out"
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "-j", "2", "--out-dir", str(out),
                               str(src)])
    assert res.exit_code == 0, res.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "part1/s0.jsonl", "s1.jsonl.gz"]
    with gzip.open(out / "s1.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert json.loads(fh.read())["text"] == expected(PAGES[0])
    assert len((out / "part1" / "s0.jsonl").read_text("utf-8").splitlines()) == 3


def test_stdin_and_in_place(runner, tmp_path):
    payload = json.dumps({"text": PAGES[0]}, ensure_ascii=False) + "\n"
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "-"], input=payload)
    assert res.exit_code == 0
    assert json.loads(res.stdout)["text"] == expected(PAGES[0]) and res.stderr == ""
    shard = tmp_path / "s.jsonl"
    write_shard(shard, PAGES)
    assert runner.invoke(main, ["clean", "--input-format", "jsonl", "--check", str(shard)]).exit_code == 1
    assert runner.invoke(main, ["clean", "--input-format", "jsonl", "--in-place", str(shard)]).exit_code == 0
    cleaned = [json.loads(x)["text"] for x in shard.read_text("utf-8").splitlines()]
    assert cleaned == [expected(t) for t in PAGES]
    assert runner.invoke(main, ["clean", "--input-format", "jsonl", "--check", str(shard)]).exit_code == 0


def test_truncated_gzip_shard_is_not_half_written(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    blob = gzip.compress(("".join(json.dumps({"text": PAGES[0] + str(i)}, ensure_ascii=False) + "\n"
                                  for i in range(200))).encode())
    (src / "t.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    out = tmp_path / "out"
    res = runner.invoke(main, ["clean", "--input-format", "jsonl", "--out-dir", str(out), str(src)])
    assert res.exit_code == 3
    assert f"{src / 't.jsonl.gz'}: cannot read" in res.stderr
    assert not list(out.rglob("*")) or not any(p.is_file() for p in out.rglob("*"))
