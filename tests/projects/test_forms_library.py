"""The indicator library: seeded by migration, managed in the admin, offered as suggestions."""

from __future__ import annotations

import pytest

from indicators.library import STARTER_INDICATORS, ensure_library
from indicators.models import LibraryIndicator

URL = "/indicator-library/suggest/"


@pytest.fixture(autouse=True)
def _library(db):
    # Migration 0006 seeds the library; a browser test's flush may have emptied it since.
    ensure_library()


def test_library_is_seeded_with_the_seed_and_common_indicators(db):
    assert LibraryIndicator.objects.count() == len(STARTER_INDICATORS)
    assert LibraryIndicator.objects.filter(name="保障妇女之家建设").exists()
    assert LibraryIndicator.objects.filter(name="资金拨付及时率", value_example="＝100%").exists()
    assert ensure_library() == 0  # idempotent


def test_suggestions_follow_the_rows_levels_and_typed_text(admin_client):
    items = admin_client.get(URL, {"level1": "满意度指标", "level2": "服务对象满意度指标"}).json()
    names = [item["name"] for item in items["items"]]
    assert "群众满意度" in names and "保障妇女之家建设" not in names
    typed = admin_client.get(URL, {"level2": "服务对象满意度指标", "q": "党员"}).json()
    assert typed["items"] == [
        {"name": "党员满意度", "description": "", "value_example": "≥95%", "basis": "历史标准"}
    ]


def test_disabled_library_entries_are_not_suggested(admin_client):
    LibraryIndicator.objects.filter(name="党员满意度").update(is_active=False)
    assert admin_client.get(URL, {"q": "党员满意"}).json() == {"items": []}


def test_suggestions_need_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_admin_manages_the_library(admin_client):
    page = admin_client.get("/admin/indicators/libraryindicator/?q=满意度")
    assert page.status_code == 200
    assert "群众满意度" in page.content.decode()
