"""The start-up cache: compiled patterns and parsed rule files come back from disk unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import regex

from fanwen_clean import diskcache

PROBE = r"""
import sys, regex
from fanwen_clean import diskcache
from fanwen_clean.regex_guard import compile_rule
had = any(k[2] == r'(?<=\d)年(?P<m>\d+)月' for k in diskcache._load() if k[0] == "regex")
p = compile_rule(r'(?<=\d)年(?P<m>\d+)月', regex.M, ignore_unused=True)
own = regex.compile(r"not ours")  # regex itself is not patched: this one is not cached
print(p.search("2024年5月").group("m"), p.flags & regex.M != 0, had,
      any(k[2] == "not ours" for k in diskcache._load() if k[0] == "regex"))
"""


def run_probe(env: dict) -> str:
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_patterns_round_trip_through_the_cache_file(tmp_path):
    env = {**os.environ, "FANWEN_CLEAN_CACHE_DIR": str(tmp_path)}
    first = run_probe(env)
    files = list(tmp_path.glob("cache-*.pickle"))
    assert len(files) == 1
    second = run_probe(env)  # now served from the file
    assert first == "5 True False False"  # the last: a pattern compiled elsewhere is not cached
    assert second == "5 True True False"


def test_toml_cache_follows_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FANWEN_CLEAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(diskcache, "_entries", None)
    rules = tmp_path / "r.toml"
    rules.write_text('[[boilerplate]]\nid = "A"\n', "utf-8")
    assert diskcache.load_toml(rules) == {"boilerplate": [{"id": "A"}]}
    rules.write_text('[[boilerplate]]\nid = "B2"\n', "utf-8")  # new size and mtime
    assert diskcache.load_toml(rules) == {"boilerplate": [{"id": "B2"}]}
    diskcache.save()
    monkeypatch.setattr(diskcache, "_entries", None)  # as in a new process
    assert diskcache.load_toml(rules) == {"boilerplate": [{"id": "B2"}]}


def test_unwritable_or_disabled_cache_is_harmless(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("FANWEN_CLEAN_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    monkeypatch.setattr(diskcache, "_entries", None)
    diskcache._put(("regex", "x"), regex.compile("x"))
    diskcache.save()  # silently skipped
    monkeypatch.setenv("FANWEN_CLEAN_NO_CACHE", "1")
    rules = tmp_path / "r.toml"
    rules.write_text('a = 1\n', "utf-8")
    assert diskcache.load_toml(rules) == {"a": 1}


EVIL = r"""
import os, pickle, sys
class Boom:
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[1],))
with open(sys.argv[2], "wb") as fh:
    pickle.dump({("x",): pickle.dumps(Boom())} | {"boom": Boom()}, fh)
"""


def _plant(tmp_path):
    """A cache dir holding a pickle that runs `touch MARK` when loaded."""
    from pathlib import Path

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    target = cache / Path(diskcache.cache_path()).name
    mark = tmp_path / "MARK"
    subprocess.run([sys.executable, "-c", EVIL, str(mark), str(target)], check=True)
    return cache, target, mark


def _load_in_child(cache) -> None:
    env = {**os.environ, "FANWEN_CLEAN_CACHE_DIR": str(cache)}
    code = "import fanwen_clean; from fanwen_clean import diskcache, clean_text; diskcache._load(); " \
           "print(clean_text('  今年工作。\\n').text, end='')"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout == "今年工作。\n"  # compiled afresh: cleaning still works


def test_cache_in_a_group_writable_dir_is_not_unpickled(tmp_path):
    cache, _target, mark = _plant(tmp_path)
    cache.chmod(0o777)
    _load_in_child(cache)
    assert not mark.exists()


def test_cache_file_writable_by_others_or_not_ours_is_not_unpickled(tmp_path):
    cache, target, mark = _plant(tmp_path)
    target.chmod(0o666)
    _load_in_child(cache)
    assert not mark.exists()
    target.chmod(0o600)
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(target, 12345, 12345)
        _load_in_child(cache)
        assert not mark.exists()


def test_cache_file_that_is_a_symlink_is_not_unpickled(tmp_path):
    cache, target, mark = _plant(tmp_path)
    real = tmp_path / "elsewhere.pickle"
    target.rename(real)
    target.symlink_to(real)
    _load_in_child(cache)
    assert not mark.exists()


def test_own_cache_dir_is_made_private(tmp_path):
    cache = tmp_path / "new" / "cache"
    env = {**os.environ, "FANWEN_CLEAN_CACHE_DIR": str(cache)}
    run_probe(env)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o077 == 0 for f in cache.iterdir())
    assert diskcache.trusted(next(cache.glob("cache-*.pickle")))


def test_write_private_is_atomic_and_only_ours(tmp_path) -> None:
    target = tmp_path / "cache.bin"
    assert diskcache.write_private(target, lambda fh: fh.write(b"new"))
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o600

    def broken(fh) -> None:
        fh.write(b"half")
        raise RuntimeError("dump failed")

    with pytest.raises(RuntimeError):
        diskcache.write_private(target, broken)
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["cache.bin"]  # no temp file left
    assert not diskcache.write_private(tmp_path / "missing" / "x.bin", lambda fh: fh.write(b"x"))
