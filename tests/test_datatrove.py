"""The datatrove step inside a real pipeline: JsonlReader → FanwenClean → JsonlWriter, local executor."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="datatrove extra not installed")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from fanwen_clean import clean_text, pipeline
from fanwen_clean.integrations.datatrove import FanwenClean

PAGES = ["各位领导：\n  20xx年我局工作總結。\n\n\n\n谢谢。", "全年完成任务１２项。", "已经干净的一段话。"]


def write_shards(root: Path, shards: int, per_shard: int) -> dict[str, str]:
    root.mkdir()
    texts = {}
    for s in range(shards):
        with (root / f"shard{s}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(per_shard):
                doc_id = f"s{s}-{i}"
                texts[doc_id] = PAGES[i % len(PAGES)] + f"\n第{i}条"
                fh.write(json.dumps({"id": doc_id, "text": texts[doc_id], "site": "fanwen.example"},
                                    ensure_ascii=False) + "\n")
    return texts


def read_output(root: Path) -> dict[str, dict]:
    out = {}
    for f in sorted(root.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def test_local_executor_over_jsonl_shards(tmp_path):
    texts = write_shards(tmp_path / "in", shards=3, per_shard=7)
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), FanwenClean(), JsonlWriter(str(tmp_path / "out"))],
        tasks=3, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    out = read_output(tmp_path / "out")
    assert set(out) == set(texts)
    changed = 0
    for doc_id, rec in out.items():
        want = clean_text(texts[doc_id]).template.removesuffix("\n")
        assert rec["text"] == want
        info = rec["metadata"]["fanwen_clean"]
        assert info["changed"] == (want != texts[doc_id])
        changed += info["changed"]
        assert rec["metadata"]["site"] == "fanwen.example"  # other fields travel as metadata
    assert 0 < changed < len(texts)
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    ours = next(s for s in stats if "fanwen-clean" in s["name"])
    assert ours["stats"]["total"] == 21 and ours["stats"]["changed"] == changed


def test_step_reports_or_drops_failures(monkeypatch):
    def stage(doc, rules, settings):
        if "boom" in doc.text:
            raise RuntimeError("stage bug")
        return doc

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, ("faulty", stage)))
    docs = [Document(text="  好的。", id="a"), Document(text="boom", id="b")]
    kept = list(FanwenClean(report=True).run(iter([Document(d.text, d.id) for d in docs])))
    assert [d.id for d in kept] == ["a", "b"]
    assert kept[0].text == "好的。" and kept[0].metadata["fanwen_clean"]["template"] == "好的。\n"
    assert kept[1].text == "boom"
    assert "b: internal error: RuntimeError: stage bug" in kept[1].metadata["fanwen_clean"]["error"]
    step = FanwenClean(fmt="text", drop_failed=True)
    assert [d.id for d in step.run(iter(docs))] == ["a"]
    assert step.stats["failed"].total == 1
    with pytest.raises(ValueError, match="fmt"):
        FanwenClean(fmt="json")
