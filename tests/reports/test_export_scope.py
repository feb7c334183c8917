"""Issue #14 item 3: the export pages show and accept only what the user may read.

A unit code that exists but is not the user's gets exactly the answer of a code that does not
exist, everywhere: the batch form, single downloads, the job pages and their downloads.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from projects.models import Department, Project
from reports.models import ExportJob
from reports.services import export_job_path
from tests.builders import bulk_department
from tests.conftest import make_user

OWN, OTHER = "810001", "820002"


@pytest.fixture
def units(db):
    """Two units with documents: OWN in 2023, OTHER (another county) in 2021 and 2023."""
    own = bulk_department(code=OWN, projects=1, indicators=3)
    other = bulk_department(code=OTHER, year=2021, projects=1, indicators=3)
    Project.objects.filter(department=other).update(name="外县机密项目")
    Department.objects.filter(pk=other.pk).update(name="外县机密单位", region_code="511124")
    return {"own": own, "other": other}


@pytest.fixture
def clerk_client(client, units):
    client.force_login(make_user("own-clerk", "clerk", departments=[units["own"]]))
    return client


@pytest.fixture
def roleless_client(client, units):
    client.force_login(get_user_model().objects.create_user("nobody", password="pw-123456"))
    return client


def _select(page: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert match, f"no <select name={name}> on the page"
    return match.group(0)


def _without_token(page: str) -> str:
    """A page without its per-response CSRF token (the logout form carries one)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _field_errors(page: str) -> str:
    """The text of every error list on the page (field and form errors)."""
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S))


def test_export_page_offers_only_the_users_units_and_years(clerk_client):
    page = clerk_client.get(reverse("reports:export_new")).text

    units = _select(page, "departments")
    assert OWN in units
    assert OTHER not in units and "外县机密单位" not in page
    years = _select(page, "fiscal_year")
    assert 'value="2023"' in years
    assert 'value="2021"' not in years  # only the other county's unit has 2021


def test_user_without_a_role_sees_no_unit_and_cannot_export(roleless_client):
    page = roleless_client.get(reverse("reports:export_new")).text
    assert OWN not in page and OTHER not in page and "外县机密单位" not in page
    assert "<option" not in _select(page, "fiscal_year")
    assert "您没有可以导出的单位" in page

    response = roleless_client.post(reverse("reports:export_new"), {"fiscal_year": 2023})
    assert response.status_code == 200
    assert "您没有可以导出的单位" in _field_errors(response.text)
    response = roleless_client.post(
        reverse("reports:export_new"), {"fiscal_year": 2023, "departments": [OWN]}
    )
    assert response.status_code == 200
    assert not ExportJob.objects.exists()


def test_a_hidden_unit_is_answered_like_a_missing_one(clerk_client):
    answers = {}
    for code in (OTHER, "899999"):
        response = clerk_client.post(
            reverse("reports:export_new"), {"fiscal_year": 2023, "departments": [code]}
        )
        assert response.status_code == 200
        answers[code] = _field_errors(response.text).replace(code, "CODE")
    assert answers[OTHER] == answers["899999"]
    assert "CODE" in answers[OTHER] and "请从列表中选择" in answers[OTHER]
    assert not ExportJob.objects.exists()


def test_a_year_only_hidden_units_have_is_refused_near_the_year(clerk_client):
    response = clerk_client.post(reverse("reports:export_new"), {"fiscal_year": 2021})
    assert response.status_code == 200
    assert "2021年您可导出的单位都没有绩效目标" in _field_errors(response.text)
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_single_downloads_of_a_hidden_unit_are_missing(clerk_client, units, fmt):
    hidden = clerk_client.get(reverse("reports:department_export", args=[OTHER, 2021, fmt]))
    missing = clerk_client.get(reverse("reports:department_export", args=["899999", 2021, fmt]))
    assert hidden.status_code == missing.status_code == 404
    assert _without_token(hidden.text) == _without_token(missing.text)
    project = Project.objects.get(department=units["other"])
    response = clerk_client.get(reverse("reports:project_export", args=[project.pk, fmt]))
    assert response.status_code == 404
    assert "外县机密" not in response.text


def _done_job(user, codes: list[str], **fields) -> ExportJob:
    job = ExportJob.objects.create(
        created_by=user,
        fiscal_year=2023,
        department_codes=codes,
        status=ExportJob.Status.DONE,
        file_name="x.zip",
        total=len(codes),
        done=len(codes),
        **fields,
    )
    export_job_path(job).parent.mkdir(parents=True, exist_ok=True)
    export_job_path(job).write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return job


@pytest.fixture
def exports_dir(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "exports"
    return settings.EXPORTS_DIR


def test_a_job_with_units_the_creator_no_longer_sees_is_not_offered(client, units, exports_dir):
    clerk = make_user("clerk2", "clerk", departments=[units["own"], units["other"]])
    job = _done_job(clerk, [OWN, OTHER], exported=[OWN, OTHER])
    client.force_login(clerk)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 200

    clerk.profile.departments.set([units["own"]])  # the other unit is taken away
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("reports:export_new")).context["jobs"]]


def test_an_all_units_job_needs_every_unit_of_it_visible(client, units, exports_dir):
    """An auditor's "all units" job: when the auditor becomes a clerk, the zip is gone."""
    auditor = make_user("aud", "auditor")
    job = _done_job(auditor, [], exported=[OWN, OTHER])
    client.force_login(auditor)
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 200

    auditor.profile.role = "clerk"
    auditor.profile.save()
    auditor.profile.departments.set([units["own"]])
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_someone_elses_job_stays_theirs(client, units, exports_dir):
    owner = make_user("owner", "clerk", departments=[units["own"]])
    job = _done_job(owner, [OWN], exported=[OWN])
    client.force_login(make_user("colleague", "clerk", departments=[units["own"]]))
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_export_page_reads_a_fixed_number_of_queries(client, db, size, django_assert_num_queries):
    """Session, user, two for the years, the jobs, their units' visibility, the units."""
    units = [bulk_department(code=f"83000{i}", projects=1, indicators=3) for i in range(size)]
    user = make_user("rev", "reviewer", region_code="130225")
    for unit in units:
        ExportJob.objects.create(
            created_by=user, fiscal_year=2023, department_codes=[unit.code], exported=[unit.code]
        )
    client.force_login(user)
    client.get(reverse("reports:export_new"))  # the first request also saves the session
    with django_assert_num_queries(9):  # 8 + the nav's unread notices
        page = client.get(reverse("reports:export_new"))
    assert len(page.context["jobs"]) == size


def test_migration_records_the_units_of_finished_jobs(units):
    """Jobs finished before the units were recorded get them, so the rule above holds."""
    from django.apps import apps

    migration = importlib.import_module("reports.migrations.0003_exportjob_exported_skipped")
    admin = make_user("adm", "admin")
    everything = ExportJob.objects.create(created_by=admin, fiscal_year=2021, status="done")
    chosen = ExportJob.objects.create(
        created_by=admin, fiscal_year=2023, status="done", department_codes=[OWN]
    )
    waiting = ExportJob.objects.create(created_by=admin, fiscal_year=2023)

    migration.record_units_of_finished_jobs(apps, None)

    for job in (everything, chosen, waiting):
        job.refresh_from_db()
    assert (everything.exported, chosen.exported, waiting.exported) == ([OTHER], [OWN], [])
