"""Tampered and pasted input in imports (#14): impossible years, another unit's project code,
control characters, oversized cells and numbers — each a located Chinese message, never a 500,
never stored; and the check reads only, the apply writes in one short transaction."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from core.text import forbidden_message
from imports.models import ImportBatch
from imports.readers.template import INDICATOR_HEADERS, PROJECT_HEADERS
from imports.services import ImportRefused, import_preview, targets_import
from indicators.models import Indicator
from projects.models import Department, Project
from projects.permissions import SYSTEM
from projects.services import department_targets_save
from projects.targets import DepartmentTargets
from tests.conftest import make_table, make_user

pytestmark = pytest.mark.django_db

HEADER = ["单位编码", "单位名称", "预算年度", "项目编码", "项目名称", "预算数（万元）",
          "财政资金（万元）", "资金用途", "一级指标", "二级指标", "三级指标", "指标值",
          "权重"]  # fmt: skip
OTHER_CODE = "13022523P00999999999Z"


def _row(**values: str) -> list[str]:
    row = dict(zip(HEADER, ["802010", "乐亭县大相各庄镇人民政府", "2023", "", "新导入的项目", "40",
                            "40", "新用途", "产出指标", "数量指标", "完成数量", "≥95%", "10"],
                   strict=True))  # fmt: skip
    row.update({HEADER[int(k[1:])]: v for k, v in values.items()})  # c2="99999": column C
    return list(row.values())


def _csv(*rows: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8")


def _upload(client, data: bytes, name: str = "表.csv"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("imports:upload"), {"file": file})


def _errors(batch: ImportBatch) -> list[str]:
    return [f"{p['place']}：{p['message']}" for p in batch.problems if p["level"] == "error"]


def _other_unit_project() -> Project:
    table = make_table(name="别人的秘密项目", code=OTHER_CODE, department_code="900001")
    table.purpose = "别人的秘密用途"
    department_targets_save(
        targets=DepartmentTargets("900001", "别的单位", 2023, tables=[table]), user=SYSTEM
    )
    return Project.objects.get(code=OTHER_CODE)


# --- 1. impossible years ---


@pytest.mark.parametrize("year", ["99999", "-1", "0", "1999", "2101", "二〇二四"])
def test_an_impossible_year_in_a_csv_is_a_located_error_and_nothing_is_written(clerk, year):
    projects = Project.objects.count()
    response = _upload(clerk, _csv(_row(c2=year)))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    (error,) = _errors(batch)
    assert "第2行 C列（预算年度）" in error and "2000到2100" in error
    confirm = clerk.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert "还有错误" in clerk.get(confirm["Location"]).content.decode()
    assert Project.objects.count() == projects
    assert clerk.get(reverse("imports:preview", args=[batch.pk])).status_code == 200
    for url in ("/", "/reviews/"):
        assert clerk.get(url, follow=True).status_code == 200


def _template_bytes(year: object) -> bytes:
    workbook = Workbook()
    projects = workbook.active
    projects.title = "项目"
    projects.append(list(PROJECT_HEADERS))
    projects.append(["802010", "乐亭县大相各庄镇人民政府", year, "", "模板项目", 40, 40, 0])
    indicators = workbook.create_sheet("指标")
    indicators.append(list(INDICATOR_HEADERS))
    indicators.append(["", "模板项目", "产出指标", "数量指标", "完成数量", "", "≥", "95", "%"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("year", [99999, -1, "3000年"])
def test_an_impossible_year_in_the_batch_template_is_a_located_error(clerk, year):
    _upload(clerk, _template_bytes(year), "模板.xlsx")
    error = _errors(ImportBatch.objects.get())[0]  # then: its indicators have no project
    assert "工作表“项目” 第2行 C列" in error and "2000到2100" in error


# --- 2. another unit's project code ---


def test_a_code_of_another_units_project_is_not_shown_and_is_refused(clerk):
    other = _other_unit_project()
    _upload(clerk, _csv(_row(c3=OTHER_CODE, c4="我的项目", c7="我的用途")))
    batch = ImportBatch.objects.get()
    page = clerk.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    for secret in ("别人的秘密项目", "别人的秘密用途", "别的单位", "900001", "描述1"):
        assert secret not in page
    assert "我的项目" in page and "不能修改" in page
    assert "<td>更新</td>" not in page and "<td>无变化</td>" not in page
    confirm = clerk.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    page = clerk.get(confirm["Location"]).content.decode()
    assert "不能修改" in page and "数据库没有任何改动" in page
    other.refresh_from_db()
    assert other.name == "别人的秘密项目" and other.version == 1
    assert not Project.objects.filter(name="我的项目").exists()


def test_even_an_admin_sees_no_other_units_project_as_the_old_values(admin_client, seed_plan):
    _other_unit_project()
    _upload(admin_client, _csv(_row(c3=OTHER_CODE, c4="我的项目")))
    batch = ImportBatch.objects.get()
    page = admin_client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "别人的秘密用途" not in page and "已被本年度其他单位" in page


# --- 5. control characters ---


def test_control_characters_are_removed_with_a_note_per_cell(clerk):
    row = _row(c4="新\x07项目", c7="用途\x0b第二行\ufffe", c10="完成\x1b数量")
    _upload(clerk, _csv(row))
    batch = ImportBatch.objects.get()
    notes = [f"{p['place']}：{p['message']}" for p in batch.problems if p["level"] == "note"]
    for column in ("E列（项目名称）", "H列（资金用途）", "K列（三级指标）"):
        assert any("第2行 " + column in n and "已删除1个" in n for n in notes), notes
    assert not _errors(batch)
    strings = []

    def collect(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list | tuple):
            [collect(v) for v in value]
        elif isinstance(value, dict):
            [collect(v) for v in value.values()]

    collect(batch.data)
    assert strings and all(forbidden_message(s) is None for s in strings)
    clerk.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    project = Project.objects.get(name="新项目")
    assert project.purpose == "用途\n第二行"
    assert project.indicators.get().name == "完成数量"


# --- 8. oversized input ---


def test_a_csv_cell_over_the_field_limit_is_a_located_error(clerk):
    response = _upload(clerk, _csv(_row(), _row(c7="长" * 140_000)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "第3行" in page and "131072" in page
    assert not ImportBatch.objects.exists()


def test_a_400_digit_weight_is_a_located_error(clerk):
    response = _upload(clerk, _csv(_row(c12="9" * 400)))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    (error,) = _errors(batch)
    assert "第2行 M列（权重）" in error and "位数" in error
    assert clerk.get(response["Location"]).status_code == 200


def test_a_400_digit_amount_is_a_located_error(clerk):
    response = _upload(clerk, _csv(_row(c5="9" * 400, c6="9" * 400)))
    batch = ImportBatch.objects.get()
    errors = _errors(batch)
    assert any("第2行 F列" in e and "位数" in e for e in errors), errors
    assert clerk.get(response["Location"]).status_code == 200


# --- 6. check outside any write transaction, apply in one short one ---


def _departments(count: int, code: str = "900100"):
    tables = [
        make_table(name=f"项目{n}", code=f"13022523P{code}{n:06d}", department_code=code)
        for n in range(count)
    ]
    return [DepartmentTargets(code, "批量单位", 2023, tables=tables)]


WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK")


def test_the_check_reads_only(seed_plan):
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    departments = _departments(3, "802010")
    with CaptureQueriesContext(connection) as queries:
        summary = import_preview(departments=departments, user=clerk)
    assert summary.count("created") == 3 and not summary.errors
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not any("FOR UPDATE" in q["sql"].upper() for q in queries)


@pytest.mark.parametrize("again", [False, True])
def test_import_queries_do_not_grow_with_the_number_of_projects(again):
    admin = make_user("admin", "admin")
    counts = []
    for size, code in ((4, "900100"), (12, "900200")):
        if again:
            targets_import(departments=_departments(size, code), user=admin)
        departments = _departments(size, code)
        if again:
            for table in departments[0].tables:
                table.purpose = "改过的用途"
                table.indicators[0].value = "≥50%"
                table.indicators.pop()
        with CaptureQueriesContext(connection) as queries:
            summary = targets_import(departments=departments, user=admin)
        assert summary.count("updated" if again else "created") == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    project = Project.objects.get(code="13022523P900200000011")
    assert project.version == (2 if again else 1)
    assert project.purpose == ("改过的用途" if again else "测试用途")
    rows = list(project.indicators.order_by("order").values_list("value_raw", flat=True))
    assert rows == (["≥50%", "≥91%", "≥92%"] if again else ["≥90%", "≥91%", "≥92%", "≥93%"])
    history = project.history.order_by("history_id").values_list("history_type", "history_user")
    assert list(history) == [("+", admin.pk), ("~", admin.pk)][: 2 if again else 1]
    removed = Indicator.history.filter(project_id=project.pk, history_type="-")
    assert removed.count() == (1 if again else 0)


def test_a_project_changed_between_check_and_apply_is_refused(monkeypatch, seed_plan):
    from imports import services

    departments = _departments(2, "802010")
    targets_import(departments=departments, user=SYSTEM)
    check = services.import_check

    def check_then_someone_saves(**kwargs):
        result = check(**kwargs)
        Project.objects.filter(code=departments[0].tables[1].code).update(version=7)
        return result

    monkeypatch.setattr(services, "import_check", check_then_someone_saves)
    departments[0].tables[1].purpose = "新的"
    with pytest.raises(ImportRefused, match="检查之后被修改"):
        targets_import(departments=departments, user=SYSTEM)
    assert Project.objects.get(code=departments[0].tables[1].code).purpose == "测试用途"


def test_a_failed_write_leaves_nothing_and_raises(monkeypatch):
    from imports import services

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_write_indicators", locked)
    with pytest.raises(OperationalError):
        targets_import(departments=_departments(2), user=SYSTEM)
    assert not Project.objects.exists() and not Department.objects.filter(code="900100").exists()


def test_new_department_and_amounts_are_stored_exactly():
    targets_import(departments=_departments(2), user=SYSTEM)
    project = Project.objects.get(code="13022523P900100000001")
    assert project.budget_total == Decimal("40") and project.display_order == 2
    assert project.department.name == "批量单位" and project.frame is not None


@pytest.mark.parametrize("year", ["99999", "-1", "1999"])
def test_the_upload_forms_year_is_the_one_allowed_range(clerk, year):
    file = SimpleUploadedFile("表.csv", _csv(_row(c2="")), content_type="text/csv")
    response = clerk.post(reverse("imports:upload"), {"file": file, "fiscal_year": year})
    assert response.status_code == 200 and "2000到2100" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_command_line_year_is_the_one_allowed_range(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "表.csv"
    path.write_bytes(_csv(_row(c2="")))
    with pytest.raises(CommandError, match="2000到2100"):
        call_command("import_targets", str(path), "--year", "99999")
    assert not Project.objects.exists()


def test_a_file_for_a_unit_the_clerk_may_not_read_shows_nothing_of_it(clerk):
    _other_unit_project()
    _upload(clerk, _csv(_row(c0="900001", c1="文件里的单位名", c3=OTHER_CODE)))
    batch = ImportBatch.objects.get()
    page = clerk.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "无权修改预算单位900001" in page
    for secret in ("别的单位", "别人的秘密项目", "别人的秘密用途"):
        assert secret not in page
