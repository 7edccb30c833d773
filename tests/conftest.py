"""Shared fixtures: a CLI runner and the shipped rule book."""

from __future__ import annotations

import os

import hypothesis
import pytest
from click.testing import CliRunner

from fanwen_clean import RuleBook


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return RuleBook()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


# CI runs the property tests on a fixed seed, so that a landing never depends on luck;
# local runs stay random and keep finding new cases (saved in .hypothesis/).
if os.environ.get("CI"):
    hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
    hypothesis.settings.load_profile("ci")
