"""The reviewer queue of the stages (#18): submitted monitoring rounds and self-evaluations of
the reviewer's county with their age; nothing of other counties or drafts; fixed queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import MonitoringRound, SelfEvaluation
from projects.models import Department, DepartmentPlan
from projects.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def _send(stage, days: int) -> None:
    type(stage).objects.filter(pk=stage.pk).update(
        status="submitted", status_changed_at=timezone.now() - timedelta(days=days)
    )


def _other_unit(code: str, region: str) -> Department:
    department = Department.objects.create(code=code, name=f"单位{code}", region_code=region)
    DepartmentPlan.objects.create(department=department, fiscal_year=2023, status="approved")
    return department


def test_the_reviewer_sees_what_waits_with_its_age(client, monitoring, evaluation, reviewer):
    _send(monitoring, 5)
    _send(evaluation, 2)
    elsewhere = _other_unit("990001", "990000")
    other = services.evaluation_open(department=elsewhere, fiscal_year=2023, user=SYSTEM)
    _send(other, 9)  # another county's: not this reviewer's
    client.force_login(reviewer)
    page = client.get(reverse("evaluation:queue")).content.decode()
    assert page.count("<tr data-kind=") == 2
    first, second = page.index('data-kind="monitoring"'), page.index('data-kind="selfeval"')
    assert first < second  # oldest first
    assert "运行监控（1—7月）" in page and "990001" not in page
    assert '<td class="text-end">5</td>' in page and '<td class="text-end">2</td>' in page
    assert reverse("evaluation:monitoring", args=["802010", 2023, 7]) in page


def test_drafts_and_approved_stages_are_not_waiting(client, monitoring, evaluation, reviewer):
    MonitoringRound.objects.filter(pk=monitoring.pk).update(status="approved")
    client.force_login(reviewer)
    page = client.get(reverse("evaluation:queue")).content.decode()
    assert "没有等待审核的运行监控或绩效自评" in page


def test_a_clerk_sees_a_returned_stage_first(client, monitoring, evaluation, unit_clerk):
    _send(monitoring, 5)
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(status="returned")
    client.force_login(unit_clerk)
    page = client.get(reverse("evaluation:queue")).content.decode()
    assert page.index('data-status="returned"') < page.index('data-status="submitted"')


def test_the_target_queue_links_to_it(client, reviewer, unit):
    client.force_login(reviewer)
    page = client.get(reverse("workflow:queue")).content.decode()
    assert reverse("evaluation:queue") in page


def test_queries_do_not_grow_with_the_queue(client, monitoring, evaluation, reviewer, unit,
                                            django_assert_num_queries):  # fmt: skip
    _send(monitoring, 5)
    client.force_login(reviewer)
    client.get(reverse("evaluation:queue"))  # warm the session
    with django_assert_num_queries(QUERIES):
        client.get(reverse("evaluation:queue"))
    _send(evaluation, 1)
    for number in range(3):
        extra = _other_unit(f"80209{number}", unit.region_code)
        _send(services.evaluation_open(department=extra, fiscal_year=2023, user=SYSTEM), 3)
        _send(
            services.monitoring_open(
                department=extra, fiscal_year=2023, period_end_month=7, user=SYSTEM
            ),
            4,
        )
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("evaluation:queue")).content.decode()
    assert page.count("<tr data-kind=") == 8


QUERIES = 5  # session, user, profile, the rounds, the self-evaluations


def test_each_row_links_to_its_stage_as_reverse_does(monitoring, evaluation, reviewer):
    from evaluation.queue import stage_queue

    _send(monitoring, 3)
    _send(evaluation, 1)
    links = {row.kind: row.url for row in stage_queue(reviewer)}
    assert links == {
        "monitoring": reverse("evaluation:monitoring", args=["802010", 2023, 7]),
        "selfeval": reverse("evaluation:selfeval", args=["802010", 2023]),
    }


@pytest.mark.parametrize("who", ["reviewer", "unit_clerk"])
def test_the_rows_written_in_python_equal_the_reference_template(
    monitoring, evaluation, who, request
):
    from django.template.loader import render_to_string

    from evaluation.queue import QueueRow, stage_queue
    from evaluation.templatetags.stage_queue import stage_queue_rows

    _send(monitoring, 4)
    type(evaluation).objects.filter(pk=evaluation.pk).update(status="returned")
    rows = stage_queue(request.getfixturevalue(who))
    assert rows
    odd = Department(code="80<&>", name="单位\"甲'<b>&", region_code="130225")
    rows.append(
        QueueRow(
            kind="selfeval",
            department=odd,
            fiscal_year=2023,
            status="submitted",
            status_label="已送审",
            changed_at=None,
            url="/evaluation/80%3C/2023/selfeval/?a=1&b=2",
        )
    )
    expected = render_to_string("evaluation/_queue_rows.html", {"rows": rows})
    assert str(stage_queue_rows(rows)) == expected
    assert "&lt;b&gt;" in expected and "—" in expected
