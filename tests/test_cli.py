"""The ``fanwen-clean`` command: formats, inputs, writing modes, exit codes, fill/slots/rules."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from fanwen_clean.cli import main

# A page that no stage has anything to change in, and a messy version of it whose
# only mess (indentation, trailing spaces, CRLF, a run of blank lines) is fixed by
# normalisation: the contract of the output form, not of any later stage.
CLEAN = "今年我们单位的工作取得了新的进展。\n\n感谢大家一年来的辛勤付出。\n"
DIRTY = "　　今年我们单位的工作取得了新的进展。  \r\n\r\n\r\n　　感谢大家一年来的辛勤付出。\r\n"
SIMPLIFIED = "各位同事：今年我们单位的工作取得了新的进展，感谢大家的努力。\n"
TRADITIONAL = "各位同事：今年我們單位的工作取得了新的進展，感謝大家的努力。\n"
PLACEHOLDER = "请各单位认真总结20xx年的工作。\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"

JSON_KEYS = {"source", "encoding", "text", "template", "slots", "changes", "warnings"}
CODE = re.compile(r"FW\d{3}")


def invoke(*args: str | Path, input: bytes | str | None = None):
    """Run the command in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def entry_point() -> list[str]:
    """The installed ``fanwen-clean`` script next to this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("fanwen-clean")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("fanwen-clean")
    return [found] if found else [sys.executable, "-m", "fanwen_clean.cli"]


# ---------------------------------------------------------------- formats


def test_default_format_is_the_template(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == CLEAN


def test_template_and_text_formats(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    for fmt in ("template", "text"):
        res = invoke("clean", "--format", fmt, page)
        assert res.exit_code == 0, res.output
        assert res.stdout == CLEAN


def test_text_keeps_placeholders_as_written(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", PLACEHOLDER)
    res = invoke("clean", "--format", "text", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == PLACEHOLDER


def test_template_turns_a_placeholder_into_a_slot(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", PLACEHOLDER)
    res = invoke("clean", "--format", "template", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == "请各单位认真总结{{年份}}年的工作。\n"


def test_json_has_the_contract_keys(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", "--format", "json", page)
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert isinstance(obj, dict)
    assert set(obj) >= JSON_KEYS
    assert obj["source"] == str(page)
    assert obj["encoding"] == "utf-8"
    assert obj["text"] == CLEAN and obj["template"] == CLEAN
    assert isinstance(obj["slots"], list) and isinstance(obj["warnings"], list)
    assert obj["changes"], "normalising indentation and CRLF must be recorded"
    for change in obj["changes"]:
        assert {"rule", "stage", "line", "before", "after"} <= set(change)
        assert CODE.fullmatch(change["rule"])
        assert isinstance(change["line"], int) and change["line"] >= 1
    for warning in obj["warnings"]:
        assert {"rule", "line", "message"} <= set(warning)


def test_json_slot_offsets_index_the_template(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", PLACEHOLDER)
    obj = json.loads(invoke("clean", "--format", "json", page).stdout)
    assert obj["text"] == PLACEHOLDER
    assert [s["name"] for s in obj["slots"]] == ["年份"]
    slot = obj["slots"][0]
    assert slot["values"] == ["20xx"]
    assert [o["original"] for o in slot["occurrences"]] == ["20xx"]
    for occ in slot["occurrences"]:
        assert obj["template"][occ["start"]:occ["end"]] == "{{年份}}"


def test_jsonl_is_one_object_per_input_in_order(tmp_path: Path) -> None:
    first = write(tmp_path / "b.txt", DIRTY)
    second = write(tmp_path / "a.txt", SIMPLIFIED)
    res = invoke("clean", "--format", "jsonl", "--jobs", "1", first, second)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) == 2
    objs = [json.loads(line) for line in lines]
    assert [o["source"] for o in objs] == [str(first), str(second)]
    assert all(set(o) >= JSON_KEYS for o in objs)
    assert objs[0]["template"] == CLEAN and objs[1]["template"] == SIMPLIFIED


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    res = invoke("clean", "--format", "yaml", page)
    assert res.exit_code == 2


# ---------------------------------------------------------------- stdin


def test_dash_reads_stdin() -> None:
    res = invoke("clean", "-", input=DIRTY.encode("utf-8"))
    assert res.exit_code == 0, res.output
    assert res.stdout == CLEAN


def test_no_path_and_piped_stdin_reads_stdin() -> None:
    res = invoke("clean", input=DIRTY.encode("utf-8"))
    assert res.exit_code == 0, res.output
    assert res.stdout == CLEAN


def test_stdin_json_source_is_dash() -> None:
    res = invoke("clean", "--format", "json", "-", input=TRADITIONAL.encode("big5"))
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["source"] == "-"
    assert obj["encoding"] == "big5"
    assert obj["text"] == SIMPLIFIED


def test_entry_point_filters_a_real_pipe() -> None:
    proc = subprocess.run([*entry_point(), "clean"], input=DIRTY.encode("gb18030"),
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stdout.decode("utf-8") == CLEAN


def test_entry_point_json_on_a_real_pipe() -> None:
    proc = subprocess.run([*entry_point(), "clean", "--format", "json", "-"],
                          input=TRADITIONAL.encode("big5"), capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    obj = json.loads(proc.stdout.decode("utf-8"))
    assert obj["source"] == "-" and obj["encoding"] == "big5" and obj["text"] == SIMPLIFIED


# ---------------------------------------------------------------- directories


def _tree(root: Path) -> None:
    write(root / "a.txt", DIRTY)
    write(root / "sub" / "b.txt", CLEAN)
    write(root / "sub" / "deeper" / "c.txt", TRADITIONAL)
    write(root / "sub" / "notes.md", DIRTY)
    write(root / "data.bin", BINARY)


def test_directory_is_walked_for_txt_by_default(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _tree(root)
    res = invoke("clean", "--format", "jsonl", "--jobs", "1", root)
    assert res.exit_code == 0, res.output
    sources = sorted(Path(json.loads(line)["source"]) for line in res.stdout.splitlines())
    assert sources == sorted([root / "a.txt", root / "sub" / "b.txt", root / "sub" / "deeper" / "c.txt"])


def test_glob_selects_other_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _tree(root)
    res = invoke("clean", "--format", "jsonl", "--glob", "*.md", root)
    assert res.exit_code == 0, res.output
    objs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [Path(o["source"]) for o in objs] == [root / "sub" / "notes.md"]
    assert objs[0]["template"] == CLEAN


def test_symlink_leaving_the_tree_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "inside.txt", CLEAN)
    outside = write(tmp_path / "outside" / "secret.txt", DIRTY)
    (root / "link.txt").symlink_to(outside)
    res = invoke("clean", "--format", "jsonl", root)
    assert res.exit_code == 0, res.output
    sources = [Path(json.loads(line)["source"]) for line in res.stdout.splitlines()]
    assert sources == [root / "inside.txt"]


def test_out_dir_mirrors_the_input_tree(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _tree(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    res = invoke("clean", "--out-dir", out, root)
    assert res.exit_code == 0, res.output
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert written == sorted([Path("a.txt"), Path("sub/b.txt"), Path("sub/deeper/c.txt")])
    assert (out / "a.txt").read_text("utf-8") == CLEAN
    assert (out / "sub" / "b.txt").read_text("utf-8") == CLEAN
    assert (out / "sub" / "deeper" / "c.txt").read_text("utf-8") == SIMPLIFIED
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before, "inputs must stay"
    assert res.stdout == ""


def test_parallel_run_gives_the_same_output_in_input_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for i in range(6):
        write(root / f"p{i}.txt", DIRTY if i % 2 else TRADITIONAL)
    one = invoke("clean", "--format", "jsonl", "--jobs", "1", root)
    two = invoke("clean", "--format", "jsonl", "--jobs", "2", root)
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout
    assert [json.loads(line)["source"] for line in two.stdout.splitlines()] == \
        [str(root / f"p{i}.txt") for i in range(6)]


# ---------------------------------------------------------------- in place, check, diff


def test_in_place_rewrites_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    page.chmod(0o640)
    inode = page.stat().st_ino
    res = invoke("clean", "--in-place", page)
    assert res.exit_code == 0, res.output
    assert page.read_text("utf-8") == CLEAN
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert page.stat().st_ino != inode, "expected a temp file renamed over the page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"], "no temp file may be left"
    assert res.stdout == ""


def test_in_place_over_a_directory(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", DIRTY)
    write(root / "sub" / "b.txt", TRADITIONAL)
    res = invoke("clean", "--in-place", root)
    assert res.exit_code == 0, res.output
    assert (root / "a.txt").read_text("utf-8") == CLEAN
    assert (root / "sub" / "b.txt").read_text("utf-8") == SIMPLIFIED


def test_check_exits_1_and_writes_nothing_when_something_would_change(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", "--check", page)
    assert res.exit_code == 1, res.output
    assert page.read_bytes() == DIRTY.encode("utf-8")
    assert res.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


def test_check_exits_0_on_a_clean_page(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    res = invoke("clean", "--check", page)
    assert res.exit_code == 0, res.output
    assert page.read_text("utf-8") == CLEAN


def test_check_with_in_place_still_writes_nothing(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", "--check", "--in-place", page)
    assert res.exit_code == 1, res.output
    assert page.read_bytes() == DIRTY.encode("utf-8")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", "--diff", page)
    assert res.exit_code in (0, 1), res.output
    lines = res.stdout.splitlines()
    assert any(line.startswith("---") for line in lines) and any(line.startswith("+++") for line in lines)
    assert any(line.startswith("@@") for line in lines)
    assert "-　　今年我们单位的工作取得了新的进展。  " in lines
    assert "+今年我们单位的工作取得了新的进展。" in lines
    assert page.read_bytes() == DIRTY.encode("utf-8")


def test_diff_of_a_clean_page_is_empty(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    res = invoke("clean", "--diff", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""


def test_check_command_lists_findings(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("check", page)
    assert res.exit_code == 1, res.output
    assert res.stdout
    for line in res.stdout.splitlines():
        assert re.match(rf"{re.escape(str(page))}:\d+:\d+: FW\d{{3}} ", line), line
    assert page.read_bytes() == DIRTY.encode("utf-8")
    clean = write(tmp_path / "clean.txt", CLEAN)
    res = invoke("check", clean)
    assert res.exit_code == 0 and res.stdout == "", res.output


# ---------------------------------------------------------------- usage errors


def test_in_place_with_out_dir_is_a_usage_error(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", "--in-place", "--out-dir", tmp_path / "out", page)
    assert res.exit_code == 2
    assert page.read_bytes() == DIRTY.encode("utf-8")
    assert not (tmp_path / "out").exists()


def test_in_place_with_stdin_is_a_usage_error() -> None:
    assert invoke("clean", "--in-place", "-", input=DIRTY.encode()).exit_code == 2
    assert invoke("clean", "--in-place", input=DIRTY.encode()).exit_code == 2


def test_unknown_option_is_a_usage_error() -> None:
    assert invoke("clean", "--no-such-option", "-", input=CLEAN).exit_code == 2


# ---------------------------------------------------------------- unreadable and odd inputs


def test_binary_file_among_good_files(tmp_path: Path) -> None:
    good1 = write(tmp_path / "in" / "a.txt", DIRTY)
    bad = write(tmp_path / "in" / "b.txt", BINARY)
    good2 = write(tmp_path / "in" / "c.txt", TRADITIONAL.encode("big5"))
    out = tmp_path / "out"
    res = invoke("clean", "--out-dir", out, good1, bad, good2)
    assert res.exit_code == 3, res.output
    naming = [line for line in stderr_lines(res) if "b.txt" in line]
    assert len(naming) == 1, res.stderr
    assert re.search(r"NUL|binary", naming[0], re.I), naming[0]
    assert not any("a.txt" in line or "c.txt" in line for line in stderr_lines(res)), res.stderr
    assert (out / "a.txt").read_text("utf-8") == CLEAN
    assert (out / "c.txt").read_text("utf-8") == SIMPLIFIED
    assert not (out / "b.txt").exists()


def test_binary_file_to_stdout_still_prints_the_others(tmp_path: Path) -> None:
    bad = write(tmp_path / "blob.txt", BINARY)
    good = write(tmp_path / "page.txt", DIRTY)
    res = invoke("clean", bad, good)
    assert res.exit_code == 3
    assert res.stdout == f"==> {good} <==\n{CLEAN}"
    assert len([line for line in stderr_lines(res) if "blob.txt" in line]) == 1, res.stderr


def test_binary_in_a_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", DIRTY)
    write(root / "b.txt", BINARY)
    res = invoke("clean", "--format", "jsonl", root)
    assert res.exit_code == 3
    assert [Path(json.loads(line)["source"]).name for line in res.stdout.splitlines()] == ["a.txt"]
    assert len([line for line in stderr_lines(res) if "b.txt" in line]) == 1, res.stderr


def test_binary_on_stdin() -> None:
    res = invoke("clean", "-", input=BINARY)
    assert res.exit_code == 3
    assert res.stdout == ""
    assert len(stderr_lines(res)) == 1, res.stderr


def test_binary_in_place_is_left_alone(tmp_path: Path) -> None:
    bad = write(tmp_path / "b.txt", BINARY)
    good = write(tmp_path / "a.txt", DIRTY)
    res = invoke("clean", "--in-place", bad, good)
    assert res.exit_code == 3
    assert bad.read_bytes() == BINARY
    assert good.read_text("utf-8") == CLEAN


def test_missing_path_exits_3_naming_it(tmp_path: Path) -> None:
    good = write(tmp_path / "page.txt", DIRTY)
    missing = tmp_path / "nowhere" / "gone.txt"
    res = invoke("clean", missing, good)
    assert res.exit_code == 3
    naming = [line for line in stderr_lines(res) if "gone.txt" in line]
    assert len(naming) == 1, res.stderr
    assert res.stdout == f"==> {good} <==\n{CLEAN}"


def test_one_page_to_stdout_has_no_header(tmp_path: Path) -> None:
    good = write(tmp_path / "page.txt", DIRTY)
    assert invoke("clean", good).stdout == CLEAN


def test_empty_file_is_fine_and_empty(tmp_path: Path) -> None:
    page = write(tmp_path / "empty.txt", b"")
    res = invoke("clean", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    obj = json.loads(invoke("clean", "--format", "json", page).stdout)
    assert obj["text"] == "" and obj["template"] == "" and obj["slots"] == []
    assert invoke("clean", "--check", page).exit_code == 0


def test_gb18030_file(tmp_path: Path) -> None:
    page = write(tmp_path / "gb.txt", SIMPLIFIED.encode("gb18030"))
    obj = json.loads(invoke("clean", "--format", "json", page).stdout)
    assert obj["encoding"] == "gb18030"
    assert obj["text"] == SIMPLIFIED


def test_big5_file_becomes_simplified(tmp_path: Path) -> None:
    page = write(tmp_path / "b5.txt", TRADITIONAL.encode("big5"))
    res = invoke("clean", "--format", "json", page)
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["encoding"] == "big5"
    assert obj["text"] == SIMPLIFIED


def test_no_t2s_keeps_traditional(tmp_path: Path) -> None:
    page = write(tmp_path / "b5.txt", TRADITIONAL.encode("big5"))
    res = invoke("clean", "--no-t2s", "--format", "text", page)
    assert res.exit_code == 0, res.output
    assert res.stdout == TRADITIONAL


def test_output_is_utf8_whatever_the_input(tmp_path: Path) -> None:
    page = write(tmp_path / "gb.txt", SIMPLIFIED.encode("gb18030"))
    out = tmp_path / "out"
    assert invoke("clean", "--out-dir", out, page).exit_code == 0
    assert (out / "gb.txt").read_bytes() == SIMPLIFIED.encode("utf-8")


# ---------------------------------------------------------------- fill


TEMPLATE = "{{年份}}年，{{单位名称}}在{{姓名}}同志的带领下完成了任务。{{年份}}年再接再厉。\n"
FILLED = "2024年，东湖街道办在王明同志的带领下完成了任务。2024年再接再厉。\n"


def test_fill_with_a_json_mapping(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", TEMPLATE)
    values = write(tmp_path / "v.json", json.dumps({"年份": "2024", "单位名称": "东湖街道办", "姓名": "王明"},
                                                   ensure_ascii=False))
    res = invoke("fill", tpl, "--values", values)
    assert res.exit_code == 0, res.output
    assert res.stdout == FILLED


def test_fill_with_a_toml_mapping(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", TEMPLATE)
    values = write(tmp_path / "v.toml", '"年份" = "2024"\n"单位名称" = "东湖街道办"\n"姓名" = "王明"\n')
    res = invoke("fill", tpl, "--values", values)
    assert res.exit_code == 0, res.output
    assert res.stdout == FILLED


def test_fill_with_a_missing_slot_lists_every_missing_name(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", TEMPLATE)
    values = write(tmp_path / "v.json", json.dumps({"年份": "2024"}, ensure_ascii=False))
    res = invoke("fill", tpl, "--values", values)
    assert res.exit_code != 0
    assert res.stdout == ""
    lines = stderr_lines(res)
    assert len(lines) == 1, res.stderr
    assert "单位名称" in lines[0] and "姓名" in lines[0]


def test_fill_with_a_clean_report_restores_the_text(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", DIRTY.replace("今年", "20xx年") + "特此报告。\n")
    report = invoke("clean", "--format", "json", page)
    assert report.exit_code == 0, report.output
    obj = json.loads(report.stdout)
    tpl = write(tmp_path / "page.tpl", obj["template"])
    rep = write(tmp_path / "report.json", report.stdout)
    res = invoke("fill", tpl, "--values", rep)
    assert res.exit_code == 0, res.output
    assert res.stdout == obj["text"]
    assert "20xx年" in res.stdout


def test_fill_with_a_report_gives_each_occurrence_its_own_original(tmp_path: Path) -> None:
    template = "新建{{数量}}个站点，培训{{数量}}名人员。\n"
    first = template.index("{{数量}}")
    second = template.index("{{数量}}", first + 1)
    report = {"source": "p.txt", "encoding": "utf-8", "text": "新建x个站点，培训xx名人员。\n",
              "template": template, "changes": [], "warnings": [],
              "slots": [{"name": "数量", "kind": "count", "values": ["x", "xx"],
                         "occurrences": [{"start": first, "end": first + 6, "original": "x"},
                                         {"start": second, "end": second + 6, "original": "xx"}]}]}
    tpl = write(tmp_path / "t.tpl", template)
    rep = write(tmp_path / "r.json", json.dumps(report, ensure_ascii=False))
    res = invoke("fill", tpl, "--values", rep)
    assert res.exit_code == 0, res.output
    assert res.stdout == report["text"]


def test_fill_keeps_escaped_literals(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", "模板里的 {% 和 {{ 要原样保留。\n")
    report = invoke("clean", "--format", "json", page)
    obj = json.loads(report.stdout)
    tpl = write(tmp_path / "page.tpl", obj["template"])
    res = invoke("fill", tpl, "--values", write(tmp_path / "empty.json", "{}"))
    assert res.exit_code == 0, res.output
    assert res.stdout == "模板里的 {% 和 {{ 要原样保留。\n"


# ---------------------------------------------------------------- slots and rules


def test_slots_lists_the_slot_names(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", TEMPLATE)
    res = invoke("slots", tpl)
    assert res.exit_code == 0, res.output
    names = [line.split()[0] for line in res.stdout.splitlines() if line.strip()]
    assert names == ["年份", "单位名称", "姓名"]


def test_slots_of_a_template_without_slots(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", CLEAN)
    res = invoke("slots", tpl)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == ""


def _is_dir(token: str) -> bool:
    try:
        return len(token) < 1024 and Path(token).is_dir()
    except OSError:
        return False


def test_rules_lists_codes_and_where_they_came_from(tmp_path: Path) -> None:
    res = invoke("rules")
    assert res.exit_code == 0, res.output
    codes = set(CODE.findall(res.stdout))
    assert {"FW101", "FW104", "FW105"} <= codes
    dirs = [Path(tok) for tok in res.stdout.split() if _is_dir(tok)]
    assert any((d / "codes.toml").is_file() for d in dirs), res.stdout


def test_rules_shows_a_user_rule_directory(tmp_path: Path) -> None:
    user = tmp_path / "myrules"
    write(user / "extra.toml",
          '[[code]]\ncode = "FW998"\ndescription = "a rule of the user"\nexamples = []\n')
    res = invoke("rules", "--rules", user)
    assert res.exit_code == 0, res.output
    assert "FW998" in res.stdout
    assert str(user) in res.stdout


def test_missing_rules_directory_is_a_usage_error(tmp_path: Path) -> None:
    res = invoke("clean", "--rules", tmp_path / "nope", "-", input=CLEAN)
    assert res.exit_code == 2


def test_out_dir_keeps_same_named_files_apart(tmp_path: Path) -> None:
    one = write(tmp_path / "d1" / "page.txt", "第一份材料。\n".encode())
    two = write(tmp_path / "d2" / "page.txt", "第二份材料。\n".encode())
    out = tmp_path / "out"
    assert invoke("clean", "--out-dir", out, one, two).exit_code == 0
    assert (out / "d1" / "page.txt").read_text("utf-8") == "第一份材料。\n"
    assert (out / "d2" / "page.txt").read_text("utf-8") == "第二份材料。\n"


# ---------------------------------------------------------------- small things of issue 17


def test_fill_explains_that_non_ascii_toml_keys_need_quotes(tmp_path: Path) -> None:
    tpl = write(tmp_path / "t.tpl", TEMPLATE)
    values = write(tmp_path / "v.toml", '"年份" = "2024"\n单位名称 = "东湖街道办"\n')
    res = invoke("fill", tpl, "--values", values)
    assert res.exit_code == 2
    assert "need quotes" in res.stderr
    assert '"单位名称" = "东湖街道办"' in res.stderr  # the fixed line


def test_summary_shows_kilobytes_on_a_small_run(tmp_path: Path) -> None:
    pages = [write(tmp_path / f"p{n}.txt", DIRTY) for n in (1, 2)]
    res = invoke("clean", "--check", "--no-cache", *pages)
    assert re.search(r"\d+\.\d KB in [\d.]+ s \([\d.]+ [KM]B/s\)", res.stderr), res.stderr
    assert "0.0 MB" not in res.stderr


def test_learn_says_rule_in_the_singular(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    bodies = ["春天来了，田野一片新绿。", "学校组织了秋季运动会。", "我们小组完成了调研报告。",
              "村里修好了那条老路。", "图书馆新到一批好书。", "厂里今年效益不错。"]
    for n, body in enumerate(bodies):
        write(corpus / f"p{n}.txt", f"本页由示例站点整理发布\n{body}\n")
    res = invoke("learn", corpus, "-o", tmp_path / "learned.toml", "--min-pages", "3")
    assert res.exit_code == 0, res.output
    assert re.search(r"learned 1 rule from 6 pages", res.stderr), res.stderr


def test_rules_names_each_file_once() -> None:
    res = invoke("rules")
    headers = [ln for ln in res.stdout.splitlines() if ln.endswith(".toml:") or ln.endswith(".tsv:")]
    assert len(headers) == len(set(headers)) >= 3
    entries = [ln for ln in res.stdout.splitlines() if CODE.match(ln.strip()) and ln.startswith("  ")]
    assert entries and not any(".toml" in ln for ln in entries)  # the path is not repeated per rule


def test_literal_jinja_in_a_page_is_text_unless_it_is_one_of_our_slots(tmp_path: Path) -> None:
    page = write(tmp_path / "p.txt", "附件：{{材料}}清单，{% 不是语句 %}，截至{{年份}}年。\n")
    tpl = invoke("clean", page).stdout
    assert "{{年份}}" in tpl and "{{材料}}" not in tpl and "{% " not in tpl
    assert invoke("clean", write(tmp_path / "again.txt", tpl)).stdout == tpl  # idempotent
    values = write(tmp_path / "v.json", json.dumps({"年份": "2024"}, ensure_ascii=False))
    filled = invoke("fill", write(tmp_path / "t.tpl", tpl), "--values", values)
    assert filled.stdout == "附件：{{材料}}清单，{% 不是语句 %}，截至2024年。\n"
