"""Every rule the tool knows, for `fanwen-clean rules` and for the example tests."""

from __future__ import annotations

from .rules import RuleBook

# families whose entries are rules with a code (tables such as typos.tsv are summarised)
FAMILIES = ("code", "boilerplate", "rewrap", "punct", "typo_rule", "slot_pattern", "slot_context",
            "anonymize", "warning")
TABLES = {"typos": "FW401"}


def catalog(book: RuleBook) -> list[dict]:
    """One entry per rule: code, description, examples and the file it came from."""
    out: list[dict] = []
    for fam in FAMILIES:
        for e in book.family(fam):
            code = e.get("code") or e.get("id")
            if not code:
                continue
            out.append({"family": fam, "code": code, "description": e.get("description", ""),
                        "examples": e.get("examples", []), "source": e.get("_source", "")})
    for table, code in TABLES.items():
        rows = book.table(table)
        if rows:
            out.append({"family": table, "code": code,
                        "description": f"{len(rows)} entries in {table}.tsv",
                        "examples": [f"{r.get('wrong')} → {r.get('right')}" for r in rows[:3]],
                        "source": rows[0]["_source"].rsplit(":", 1)[0]})
    return sorted(out, key=lambda e: e["code"])
