"""Shared fixtures: a CLI runner and the shipped rule book."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from fanwen_clean import RuleBook


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return RuleBook()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
