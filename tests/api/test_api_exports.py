"""The three stages' downloads through the API (#18): the same files as the pages' exports
(read back with python-docx / openpyxl and compared part by part), Chinese file names, the
pages' read access, Chinese JSON errors, and the OpenAPI document saying so."""

from __future__ import annotations

import io
import json
import re
import zipfile
from urllib.parse import unquote

import docx
import openpyxl
import pytest

from api.models import ApiToken
from api.views import PREFIX, api
from evaluation.models import MonitoredProject
from reports.services import CONTENT_TYPES
from tests.conftest import make_user
from tests.evaluation import conftest as stages

approved, unit, unit_clerk = stages.approved, stages.unit, stages.unit_clerk
monitoring, evaluation = stages.monitoring, stages.evaluation

pytestmark = pytest.mark.django_db
API = "/api/v1/departments/802010/2023/"
# the pages' downloads of the same documents
PAGES = {
    "export": "/departments/802010/2023/export",
    "monitoring/7/export": "/evaluation/802010/2023/monitoring/7/export",
    "selfeval/export": "/evaluation/802010/2023/selfeval/export",
}
NAMES = {
    "export": "802010乐亭县大相各庄镇人民政府-2023-绩效目标表",
    "monitoring/7/export": "802010乐亭县大相各庄镇人民政府2023年1–7月项目支出绩效目标执行监控表",
    "selfeval/export": "802010乐亭县大相各庄镇人民政府2023年度项目支出绩效自评表",
}


def _auth(user) -> dict[str, str]:
    _token, key = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    """A package's parts in order; Excel's core properties carry the time it was written."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [
            (info.filename, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"T", package.read(info)))
            for info in package.infolist()
        ]


def _file_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''"), disposition
    return unquote(disposition.removeprefix("attachment; filename*=utf-8''"))


def _docx_texts(data: bytes) -> list[list[str]]:
    printed = docx.Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for table in printed.tables for row in table.rows]


def _xlsx_values(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.fixture
def stages_open(monitoring, evaluation, unit_clerk):
    """The approved seed year with its 1–7月 round (one amount filled) and self-evaluation."""
    entry = MonitoredProject.objects.filter(round=monitoring).order_by("pk").first()
    entry.executed = 20
    entry.save()
    return unit_clerk


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("stage", list(PAGES))
def test_the_api_gives_the_pages_file(client, stages_open, stage, fmt):
    response = client.get(f"{API}{stage}.{fmt}", **_auth(stages_open))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert _file_name(response) == f"{NAMES[stage]}.{fmt}"
    data = b"".join(response.streaming_content)
    client.force_login(stages_open)
    page = client.get(f"{PAGES[stage]}.{fmt}")
    assert (
        page.status_code == 200 and page["Content-Disposition"] == response["Content-Disposition"]
    )
    page_data = b"".join(page.streaming_content)
    assert _parts(data) == _parts(page_data)
    # and read back: the same tables, values and sheets as the page's file
    if fmt == "docx":
        texts = _docx_texts(data)
        assert texts == _docx_texts(page_data) and texts
    else:
        values = _xlsx_values(data)
        assert values == _xlsx_values(page_data) and values


def test_the_files_hold_the_stage(client, stages_open):
    headers = _auth(stages_open)
    texts = _docx_texts(b"".join(client.get(f"{API}monitoring/7/export.docx", **headers)))
    assert ["监控时间段", *["2023年1–7月"] * 8] in texts
    assert any("50.00%" in row for row in texts)  # 20 of the first project's 40 万元
    book = _xlsx_values(b"".join(client.get(f"{API}selfeval/export.xlsx", **headers)))
    first = next(iter(book.values()))
    assert first[0][0] == "1.信访维稳经费绩效自评表"
    targets = _docx_texts(b"".join(client.get(f"{API}export.docx", **headers)))
    assert any("信访维稳经费" in row for row in targets)


def test_missing_units_and_stages_are_chinese_404s(client, approved):
    headers = _auth(make_user("aud", "auditor"))
    unknown = "预算单位不存在或您无权查看，请核对单位编码。"
    answers = {
        "/api/v1/departments/999999/2023/export.docx": unknown,
        "/api/v1/departments/802010/2022/export.docx": "该单位在该年度没有绩效目标。",
        f"{API}monitoring/7/export.xlsx": "该时段的运行监控不存在，请先在页面上开始监控。",
        f"{API}selfeval/export.docx": "本年度的绩效自评尚未开始，请先在页面上开始自评。",
        "/api/v1/departments/999999/2023/selfeval/export.docx": unknown,
    }
    for url, detail in answers.items():
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": detail}, url


def test_a_unit_the_caller_may_not_read_is_missing(client, stages_open):
    stranger = _auth(make_user("stranger", "clerk"))
    for stage in PAGES:
        response = client.get(f"{API}{stage}.docx", **stranger)
        assert response.status_code == 404
        assert response.json()["detail"] == "预算单位不存在或您无权查看，请核对单位编码。"
    reviewer = _auth(make_user("rev", "reviewer", region_code="130225"))
    assert client.get(f"{API}selfeval/export.xlsx", **reviewer).status_code == 200


def test_an_unknown_format_is_a_422_at_fmt(client, stages_open):
    headers = _auth(stages_open)
    for stage in PAGES:
        response = client.get(f"{API}{stage}.pdf", **headers)
        assert response.status_code == 422
        message = "不支持的导出格式“pdf”，可选：docx（Word）或 xlsx（Excel）。"
        assert response.json()["errors"] == {"fmt": [message]}
    response = client.get(f"{API}monitoring/13/export.docx", **headers)
    assert response.status_code == 422 and list(response.json()["errors"]) == ["month"]


def test_downloads_need_a_token_or_a_session(client, stages_open):
    for stage in PAGES:
        response = client.get(f"{API}{stage}.docx")
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    response = client.get(f"{API}export.xlsx", HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code == 401
    assert client.post(f"{API}export.xlsx", **_auth(stages_open)).status_code == 405


def test_the_openapi_document_describes_the_downloads():
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX)))
    for stage in PAGES:
        path = f"{PREFIX}departments/{{code}}/{{year}}/{stage}.{{fmt}}"
        operation = document["paths"][path.replace("/7/", "/{month}/")]
        get = operation["get"]
        fmt = next(p for p in get["parameters"] if p["name"] == "fmt")
        assert fmt["schema"]["enum"] == ["docx", "xlsx"]
        ok = get["responses"]["200"]
        assert set(ok["content"]) == {CONTENT_TYPES["docx"], CONTENT_TYPES["xlsx"]}
        assert "Content-Disposition" in ok["headers"]
        assert {"401", "404", "422"} <= set(get["responses"])
