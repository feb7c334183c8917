"""Pasted control characters: one text policy at every way in, and no download fails (#14)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from core.text import clean_text, forbidden_message
from projects.exceptions import TargetDataError
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.selectors import project_target_table
from projects.services import project_save_table
from tests.projects.forms_helpers import post_data

NAME = "妇女之家资金"
# What a clerk pastes from Word: a soft line break, a bell, and two noncharacters.
PASTED = "信访\x0b维稳\x07经费\ufffe\uffff"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


@pytest.fixture
def stored_before_the_fix(project):
    """Text stored before #14 (the database itself never refused it)."""
    Project.objects.filter(pk=project.pk).update(name=PASTED, purpose="用途\x0b第二行\x01")
    DepartmentPlan.objects.filter(pk=project.department.plans.get().pk).update(
        overall_goal="总体\ufffe目标\x0b"
    )
    return project


def test_the_policy_turns_soft_breaks_into_line_feeds_and_drops_the_rest():
    assert clean_text(PASTED) == ("信访\n维稳经费", 3)
    assert clean_text("一\r\n二\r三\u2028四") == ("一\n二\n三\n四", 0)
    assert forbidden_message("ab\x07") == (
        "含有无法显示或打印的控制字符（第3个字符，U+0007），请删除后重新输入。"
    )
    assert forbidden_message("一\x0b二\t三") is None


@pytest.mark.parametrize(
    "url",
    [
        "/projects/export.xlsx",
        "/departments/export.xlsx",
        "/projects/{pk}/history.xlsx",
        "/departments/802010/2023/history.xlsx",
        "/reviews/departments/802010/2023/findings.xlsx",
        "/departments/802010/2023/export.xlsx",
        "/projects/{pk}/export.xlsx",
    ],
)
def test_excel_downloads_survive_stored_control_characters(
    reader_client, stored_before_the_fix, url
):
    response = reader_client.get(url.format(pk=stored_before_the_fix.pk))
    assert response.status_code == 200
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    texts = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not any(forbidden_message(text) for text in texts)


@pytest.mark.parametrize(
    "url", ["/departments/802010/2023/export.docx", "/projects/{pk}/export.docx"]
)
def test_word_downloads_are_valid_xml_with_stored_noncharacters(
    reader_client, stored_before_the_fix, url
):
    response = reader_client.get(url.format(pk=stored_before_the_fix.pk))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        etree.fromstring(package.read("word/document.xml"))  # raises on invalid XML
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "\ufffe" not in text


def test_editor_cleans_pasted_text_and_says_so(clerk, project):
    table = project_target_table(project_id=project.pk)
    data = post_data(table, name=PASTED, **{"rows-0-value": "≥95%\x07"})
    response = clerk.post(f"/projects/{project.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.name == "信访\n维稳经费"
    assert project.indicators.order_by("order").first().value_raw == "≥95%"
    page = response.content.decode()
    assert "已删除4个无法显示的控制字符" in page


def test_windows_line_breaks_from_a_textarea_are_stored_as_line_feeds(clerk, project):
    table = project_target_table(project_id=project.pk)
    clerk.post(f"/projects/{project.pk}/edit/", post_data(table, purpose="第一行\r\n第二行"))
    project.refresh_from_db()
    assert project.purpose == "第一行\n第二行"


def test_a_password_is_never_changed(client, django_user_model):
    django_user_model.objects.create_user("bell", password="pw\x07-123456")
    response = client.post("/accounts/login/", {"username": "bell", "password": "pw\x07-123456"})
    assert response.status_code == 302


def test_services_refuse_control_characters_whatever_the_caller(project):
    table = project_target_table(project_id=project.pk)
    table.name = "名称\x07"
    with pytest.raises(TargetDataError, match="U\\+0007"):
        project_save_table(department=project.department, table=table, user=SYSTEM)
    project.refresh_from_db()
    assert project.name == NAME


def test_the_migration_cleans_text_stored_before_the_fix(stored_before_the_fix):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("projects.migrations.0004_clean_stored_control_characters")
    migration.clean_stored_text(apps, None)
    stored_before_the_fix.refresh_from_db()
    assert stored_before_the_fix.name == "信访\n维稳经费"
    assert stored_before_the_fix.purpose == "用途\n第二行"
    assert DepartmentPlan.objects.get().overall_goal == "总体目标\n"
