"""Shared fixtures: the seed department, builders of TargetTables, logged-in clients."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.frames import ensure_official_frames
from projects.permissions import SYSTEM
from projects.services import department_targets_save
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable, department_from_dict

SEED_JSON = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "802010-2023.json"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached overviews must not leak between tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.25 s per user; tests create many users and test no crypto."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _official_frames(request):
    """Make sure the migration-seeded indicator frames exist in every database test.

    A transactional test (live server, browser) ends with a flush that empties every table,
    including the reference data that migrations seeded; later tests must still find it.
    """
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        return
    transactional = (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from indicators.models import IndicatorFrame

    if not IndicatorFrame.objects.filter(is_default=True).exists():
        ensure_official_frames()


def seed_targets() -> DepartmentTargets:
    return department_from_dict(json.loads(SEED_JSON.read_text(encoding="utf-8")))


@pytest.fixture
def seed_plan(db):
    """The 802010 department of 2023 loaded through the same service as `make run`."""
    return department_targets_save(targets=seed_targets(), user=SYSTEM)


@pytest.fixture
def clerk(client, seed_plan):
    """The test client logged in as the demo clerk of 802010 (seed loaded)."""
    from tests.projects.forms_helpers import demo_user

    client.force_login(demo_user("clerk"))
    return client


@pytest.fixture
def admin_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-123456")
    client.force_login(user)
    return client


def make_user(username: str, role: str, departments=(), region_code: str = ""):
    """A user with a role profile (clerk, reviewer, auditor or admin) and its scope."""
    from django.contrib.auth import get_user_model

    from accounts.models import UserProfile

    user = get_user_model().objects.create_user(username, password="pw-123456")
    profile = UserProfile.objects.create(user=user, role=role, region_code=region_code)
    profile.departments.set(departments)
    return user


@pytest.fixture
def reader_client(db, client):
    """An auditor: reads everything, changes nothing."""
    client.force_login(make_user("reader", "auditor"))
    return client


def make_table(
    *,
    name: str = "测试项目",
    code: str = "",
    department_code: str = "900001",
    year: int = 2023,
    indicators: int = 4,
    budget: str = "40.00",
) -> TargetTable:
    """A valid TargetTable in the classic frame; tweak fields in the test to break it."""
    levels = [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    rows = [
        IndicatorRow(
            level1=levels[i % 4][0],
            level2=levels[i % 4][1],
            name=f"指标{i + 1}",
            description=f"描述{i + 1}",
            value=f"≥{90 + i % 10}%",
            basis="计划标准",
        )
        for i in range(indicators)
    ]
    rows.sort(key=lambda r: [lv[0] for lv in levels].index(r.level1))
    amount = Decimal(budget)
    return TargetTable(
        department_code=department_code,
        department_name="测试单位",
        fiscal_year=year,
        name=name,
        code=code,
        budget_total=amount,
        fiscal_funds=amount,
        purpose="测试用途",
        spending_plan=(None, amount / 2, None, amount),
        goals=["目标一"],
        indicators=rows,
    )
