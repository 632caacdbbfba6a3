# SPDX-License-Identifier: MIT
"""Hypothesis profiles (dev, ci, quick, slow, thorough, fuzz), by KZREFORMS_HYPOTHESIS_PROFILE."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings


def pytest_configure(config: pytest.Config) -> None:
    """Register the slow marker here too: the wheel check runs the tests without pyproject."""
    config.addinivalue_line("markers", "slow: long runs (python tools/dev.py slow)")


settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    # The README's test command: every property stated, 30 derandomized
    # examples each; `python tools/dev.py slow` runs the long ones at 200.
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "quick",  # the secondary CI runs: other interpreters, oldest deps, the wheel
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "slow",  # `python tools/dev.py slow`: the tests marked slow, more examples than ci
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "fuzz", max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("KZREFORMS_HYPOTHESIS_PROFILE", "dev"))
