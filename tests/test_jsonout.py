"""jsonout.dumps writes exactly what json.dumps(ensure_ascii=False, indent=N) writes."""

from __future__ import annotations

import json
from collections import OrderedDict
from enum import IntEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from fanwen_clean import clean_text
from fanwen_clean.jsonout import dumps

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                      | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                      max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(min_value=0, max_value=3))
def test_same_text_as_json(value, indent) -> None:
    assert dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


class Level(IntEnum):
    HIGH = 2


def test_what_it_does_not_know_goes_to_json() -> None:
    odd = {"a": [Level.HIGH, OrderedDict(b=1)], 3: "key", "c": True, "d": float("nan")}
    assert dumps(odd) == json.dumps(odd, ensure_ascii=False, indent=1)


def test_a_report_in_the_contract_shape() -> None:
    report = clean_text("  20xx年度工作总结\n各位领导,大家好 :\n我叫×××，现将工作汇报如下。\n").as_dict()
    assert report["changes"] and report["slots"]  # a report with nested lists and dicts
    assert dumps(report) == json.dumps(report, ensure_ascii=False, indent=1)
