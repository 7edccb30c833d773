"""Configuration files, --config/--isolated, CLI over config, excludes and the ignore file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fanwen_clean.cli import _known_params, main
from fanwen_clean.config import ConfigError, Excludes, find_config, load_config
from fanwen_clean.options import NOT_KEYS, check_key

# half-width commas (FW410) and indentation with trailing spaces (FW104)
MESSY = "各位同事：\n  今年的工作,取得了新的进展,感谢大家.  \n"
TRADITIONAL = "各位同事：今年我們單位的工作取得了新的進展，感謝大家的努力。\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def repo(tmp_path: Path) -> Path:
    """A corpus repository: the configuration search stops at its root."""
    root = tmp_path / "corpus"
    (root / ".git").mkdir(parents=True)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def template(res) -> str:
    assert res.exit_code in (0, 1), res.output
    return res.stdout


# ---------------------------------------------------------------- finding the file


def test_pyproject_table_is_found_walking_up_from_the_page(tmp_path):
    root = repo(tmp_path)
    write(root / "pyproject.toml", '[project]\nname = "corpus"\n\n[tool.fanwen-clean]\nt2s = false\n')
    page = write(root / "a" / "b" / "page.txt", TRADITIONAL)
    assert "們" in template(run("clean", page))
    assert "们" in template(run("clean", "--isolated", page))


def test_pyproject_without_the_table_does_not_count(tmp_path):
    root = repo(tmp_path)
    write(root / ".fanwen-clean.toml", "t2s = false\n")
    write(root / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    page = write(root / "sub" / "page.txt", TRADITIONAL)
    assert find_config((root / "sub").resolve()) == (root / ".fanwen-clean.toml").resolve()
    assert "們" in template(run("clean", page))


def test_own_file_wins_over_pyproject_in_one_directory_and_nearest_wins(tmp_path):
    root = repo(tmp_path)
    write(root / "pyproject.toml", "[tool.fanwen-clean]\nt2s = true\n")
    write(root / ".fanwen-clean.toml", "t2s = false\n")
    write(root / "modern" / ".fanwen-clean.toml", "t2s = true\n")
    old = write(root / "old" / "p.txt", TRADITIONAL)
    new = write(root / "modern" / "p.txt", TRADITIONAL)
    assert "們" in template(run("clean", old))
    assert "们" in template(run("clean", new))
    both = template(run("clean", old, new))  # each input gets its own nearest configuration
    assert both.count("們") == 1 and both.count("们") == 1


def test_search_stops_at_the_repository_root(tmp_path):
    write(tmp_path / ".fanwen-clean.toml", "t2s = false\n")  # above the repository: not ours
    root = repo(tmp_path)
    page = write(root / "p.txt", TRADITIONAL)
    assert find_config(root.resolve()) is None
    assert "们" in template(run("clean", page))


def test_config_file_option_and_cli_flags_win(tmp_path):
    root = repo(tmp_path)
    conf = write(tmp_path / "elsewhere.toml", 'ignore = ["FW4"]\n')
    page = write(root / "p.txt", MESSY)
    out = template(run("clean", "--config", conf, page))
    assert "," in out and "  今年" not in out  # punctuation left, indentation fixed
    out = template(run("clean", "--config", conf, "--ignore", "FW104", page))
    assert "，" in out and "  今年" in out  # the flag replaced the file's list


def test_stdin_takes_the_configuration_of_the_working_directory(tmp_path, monkeypatch):
    root = repo(tmp_path)
    write(root / ".fanwen-clean.toml", "t2s = false\n")
    monkeypatch.chdir(root)
    res = CliRunner().invoke(main, ["clean", "-"], input=TRADITIONAL.encode("utf-8"))
    assert "們" in template(res)


# ---------------------------------------------------------------- keys and errors


def test_unknown_key_is_a_usage_error_naming_the_file(tmp_path):
    root = repo(tmp_path)
    conf = write(root / ".fanwen-clean.toml", "jobs = 1\ncolour = true\n")
    page = write(root / "p.txt", MESSY)
    res = run("check", page)
    assert res.exit_code == 2
    assert str(conf.resolve()) in res.stderr and "colour" in res.stderr


@pytest.mark.parametrize("body,word", [("jobs = \"many\"\n", "jobs"), ("t2s = \"no\"\n", "t2s"),
                                       ("format = \"html\"\n", "format"), ("select = [\"XY1\"]\n", "XY1"),
                                       ("jobs = [\n", "TOML")])
def test_bad_values_are_usage_errors(tmp_path, body, word):
    root = repo(tmp_path)
    write(root / ".fanwen-clean.toml", body)
    res = run("clean", write(root / "p.txt", MESSY))
    assert res.exit_code == 2, res.output
    assert word in res.stderr and ".fanwen-clean.toml" in res.stderr


def test_every_option_of_clean_and_check_is_a_key(tmp_path):
    """A value of the option's own type is accepted for every long option."""
    known = _known_params()
    check = check_key(known)
    conf = tmp_path / ".fanwen-clean.toml"
    for key, param in known.items():
        if param.name in NOT_KEYS:
            continue
        if param.is_flag:
            value = True
        elif param.multiple:
            value = [str(tmp_path)]
        elif hasattr(param.type, "choices"):
            value = param.type.choices[0]
        elif param.type.name == "integer":
            value = 2
        elif key in ("select", "ignore"):
            value = "FW4"
        else:
            value = "x"
        name, _ = check(key, value, conf)
        assert name == param.name
    for key in ("config", "isolated"):
        with pytest.raises(ConfigError):
            check(key, True, conf)
    assert {"format", "out-dir", "exclude", "select", "ignore", "no-cache", "anonymize",
            "output-format", "rules", "jobs", "glob"} <= set(known)


def test_lists_and_relative_paths(tmp_path):
    root = repo(tmp_path)
    write(root / "myrules" / "extra.toml", "")
    conf = write(root / ".fanwen-clean.toml",
                 'rules = ["myrules"]\nanonymize = ["people", "places"]\nselect = ["FW1", "FW4"]\n'
                 'glob = ["*.txt", "*.md"]\n')
    cfg = load_config(conf, check_key(_known_params()))
    assert cfg.values["rules"] == (str(root / "myrules"),)
    assert cfg.values["anonymize"] == "people,places"
    assert cfg.values["select"] == "FW1,FW4"
    assert cfg.values["glob"] == ("*.txt", "*.md")
    write(root / "notes.md", MESSY)
    assert "notes.md" in run("check", root).stdout


# ---------------------------------------------------------------- excludes


def test_exclude_patterns_are_gitignore_like(tmp_path):
    ex = Excludes.parse(["*.bak", "drafts/", "/top.txt", "**/old/*.txt", "!keep.bak", "# note", ""], tmp_path)
    assert ex.excluded(tmp_path / "a" / "x.bak")
    assert not ex.excluded(tmp_path / "a" / "keep.bak")
    assert ex.excluded(tmp_path / "drafts" / "p.txt") and ex.excluded(tmp_path / "a" / "drafts" / "p.txt")
    assert not ex.excluded(tmp_path / "drafts.txt")  # a directory pattern
    assert ex.excluded(tmp_path / "top.txt") and not ex.excluded(tmp_path / "a" / "top.txt")
    assert ex.excluded(tmp_path / "x" / "y" / "old" / "p.txt") and not ex.excluded(tmp_path / "old.txt")


def test_exclude_option_config_and_ignore_file(tmp_path):
    root = repo(tmp_path)
    for rel in ("pages/a.txt", "pages/drafts/b.txt", "pages/c.txt", "pages/tmp-d.txt"):
        write(root / rel, MESSY)
    write(root / ".fanwen-cleanignore", "# left out\ndrafts/\n")
    write(root / ".fanwen-clean.toml", 'exclude = ["c.txt"]\n')
    out = run("check", "--output-format", "full", root / "pages").stdout
    assert "a.txt" in out and "tmp-d.txt" in out
    assert "drafts" not in out and "c.txt" not in out
    out = run("check", "--exclude", "tmp-*", root / "pages").stdout
    assert "c.txt" in out and "tmp-d.txt" not in out and "drafts" not in out  # flag over key; file stays
    # files named one by one (as pre-commit does) are left out too
    res = run("check", root / "pages" / "drafts" / "b.txt", root / "pages" / "c.txt")
    assert res.exit_code == 0 and res.stdout == ""
    assert "drafts" in run("check", "--isolated", root / "pages").stdout


def test_the_readme_example_is_a_valid_configuration(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme.split("```toml\n# .fanwen-clean.toml", 1)[1].split("```", 1)[0]
    root = repo(tmp_path)
    write(root / "rules" / "learned.toml", "")
    (root / "rules" / "site").mkdir()
    conf = write(root / ".fanwen-clean.toml", "# .fanwen-clean.toml" + block)
    values = load_config(conf, check_key(_known_params())).values
    assert len(values) >= 19 and values["select"] == "FW1,FW2,FW4"
    write(root / "pages" / "p.txt", MESSY)
    write(root / "pages" / "drafts" / "d.txt", MESSY)
    res = run("check", root / "pages")
    assert res.exit_code == 1, res.output
    assert "FW104" in res.stdout and "FW410" in res.stdout and "drafts" not in res.stdout


def test_an_option_lands_in_settings_or_in_options_by_its_name():
    """So that a new option is one click decorator (plus a Settings field if stages need it)."""
    from fanwen_clean.config import Config
    from fanwen_clean.options import build

    opts = build({"operator": "mask", "fmt": "text", "no_t2s": True, "brand_new": 3}, Config())
    assert opts.settings.operator == "mask" and opts.settings.t2s is False
    assert opts.fmt == "text" and opts.extra == {"brand_new": 3}


def test_clean_and_check_are_thin():
    import inspect

    from fanwen_clean import cli

    for cmd in (cli.clean, cli.check):
        source = inspect.getsource(cmd.callback)
        assert len(source.splitlines()) <= 20, cmd.name


def test_a_walked_subdirectory_with_its_own_configuration_uses_it(tmp_path):
    root = repo(tmp_path)
    write(root / ".fanwen-clean.toml", "t2s = false\n")
    write(root / "modern" / ".fanwen-clean.toml", 't2s = true\nexclude = ["skip.txt"]\n')
    write(root / "a.txt", TRADITIONAL)
    write(root / "modern" / "b.txt", TRADITIONAL)
    write(root / "modern" / "skip.txt", TRADITIONAL)
    write(root / "z.txt", TRADITIONAL)
    out = template(run("clean", root))
    pages = dict(chunk.split(" <==\n", 1) for chunk in out.split("==> ")[1:])
    assert sorted(Path(p).name for p in pages) == ["a.txt", "b.txt", "z.txt"]  # in walk order
    traditional = {Path(p).name: ("們" in t) for p, t in pages.items()}
    assert traditional == {"a.txt": True, "b.txt": False, "z.txt": True}
