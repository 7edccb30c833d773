"""One module per stage; each exposes ``run(doc, rules, settings) -> Document``."""
