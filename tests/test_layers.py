"""The layers of the package: the cleaning engine never imports file I/O, and no import loops.

The graph is read from the source (every ``import`` statement, also those inside functions:
a lazy import is still a dependency), so it needs no import of the modules it checks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "src" / "fanwen_clean"

# The engine: what turns a page into a result, usable as a library without touching files.
ENGINE = ("fanwen_clean.api", "fanwen_clean.pipeline", "fanwen_clean.document", "fanwen_clean.render",
          "fanwen_clean.rules", "fanwen_clean.shapes", "fanwen_clean.chunking", "fanwen_clean.decode",
          "fanwen_clean.stages")
# The command line's own I/O: walking inputs, writing outputs, caches of results, exit codes.
IO = ("fanwen_clean.files", "fanwen_clean.batch", "fanwen_clean.cli", "fanwen_clean.runner",
      "fanwen_clean.output", "fanwen_clean.jsonl", "fanwen_clean.resultcache", "fanwen_clean.exits",
      "fanwen_clean.options", "fanwen_clean.parallel", "fanwen_clean.corpus_names")


def _name(path: Path) -> str:
    parts = ["fanwen_clean", *path.relative_to(PKG).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PKG.rglob("*.py")}


def _resolve(module: str, node: ast.ImportFrom, is_pkg: bool) -> list[str]:
    """The modules an ``from … import …`` statement names (a submodule where one exists)."""
    if node.level:
        base = module.split(".") if is_pkg else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    return subs or [target]


def imports(module: str) -> set[str]:
    """Every module of this package that ``module`` imports, at the top or inside a function."""
    path = MODULES[module]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.update(_resolve(module, node, path.name == "__init__.py"))
    return {m for m in out if m in MODULES and m != module}


GRAPH = {m: imports(m) for m in MODULES}


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _reach(start: str) -> dict[str, str]:
    """Every module ``start`` reaches, each mapped to the module that imports it on the way."""
    seen: dict[str, str] = {}
    todo = [start]
    while todo:
        m = todo.pop()
        for n in GRAPH[m]:
            if n not in seen:
                seen[n] = m
                todo.append(n)
    return seen


def _path(seen: dict[str, str], start: str, end: str) -> str:
    chain = [end]
    while chain[-1] != start:
        chain.append(seen[chain[-1]])
    return " → ".join(reversed(chain))


def test_graph_is_read() -> None:
    assert "fanwen_clean.document" in GRAPH["fanwen_clean.pipeline"]
    assert "fanwen_clean.files" in GRAPH["fanwen_clean.batch"]  # a top-level from-import
    assert "fanwen_clean.runner" in GRAPH["fanwen_clean.cli"]  # an import inside a function


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _under(m, ENGINE)))
def test_engine_never_imports_io(module: str) -> None:
    seen = _reach(module)
    bad = sorted(m for m in seen if _under(m, IO))
    assert not bad, f"{module} reaches I/O: " + "; ".join(_path(seen, module, m) for m in bad)


def _is_parent(a: str, b: str) -> bool:
    """A package and its own submodule: Python imports the package first, so that is no loop."""
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_no_import_loops() -> None:
    loops = []
    for m in sorted(GRAPH):
        for n in sorted(GRAPH[m]):
            back = _reach(n)
            if not _is_parent(m, n) and m in back:
                loops.append(f"{m} → {_path(back, n, m)}")
    assert not loops, "import loops:\n" + "\n".join(loops)
