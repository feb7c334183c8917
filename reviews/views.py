"""Review pages: the department review report, its .xlsx export and the county overview."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.params import small_int
from projects import permissions
from projects.models import DepartmentPlan
from projects.money import format_wan
from reviews import selectors
from reviews.charts import TOP_BARS, bar_chart, ranked, top_and_all
from reviews.checks import Finding
from reviews.export import findings_workbook


def _review_or_404(user, code: str, year: int) -> selectors.DepartmentReview:
    department = permissions.department_or_404(user, code)
    review = selectors.department_review(department=department, fiscal_year=year)
    if not review.targets.tables and not review.targets.overall_goal:
        raise Http404(_("该单位在该年度没有绩效目标。"))
    return review


def department_review(request, code: str, year: int):
    """Every finding of a department's document, counted by rule and by project."""
    review = _review_or_404(request.user, code, year)
    shown = _filtered(review.findings, request.GET.get("rule", ""), request.GET.get("project", ""))
    position = {id(f): i for i, f in enumerate(review.findings)}  # the return page's numbering
    plan = DepartmentPlan.objects.filter(department=review.department, fiscal_year=year).first()
    # The workflow's transition table answers it, through the permission module.
    may_return = "return" in permissions.allowed_transitions(request.user, plan, review.department)
    context = {
        "review": review,
        "year": year,
        "shown": [(position[id(f)], f) for f in shown],
        "filtered": shown != review.findings,
        "may_return": may_return,
    }
    return render(request, "reviews/department_review.html", context)


def _filtered(findings: list[Finding], rule: str, project: str) -> list[Finding]:
    """Findings of one rule and/or one project (`?rule=…&project=N`); bad filters are ignored."""
    if rule:
        findings = [f for f in findings if f.rule == rule]
    if (index := small_int(project)) is not None:
        findings = [f for f in findings if f.location.project_index == index]
    return findings


def department_findings_xlsx(request, code: str, year: int):
    """The findings as an Excel workbook."""
    review = _review_or_404(request.user, code, year)
    title = _("%(unit)s %(year)d年绩效目标智能审核结果") % {
        "unit": review.department.heading,
        "year": year,
    }
    content = findings_workbook(review.findings, title=title)
    return FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=_("%(code)s-%(year)s-审核问题.xlsx")
        % {"code": review.department.code, "year": year},
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def overview_latest(request):
    """The overview of the newest year that has data."""
    years = selectors.review_years()
    if not years:
        return render(request, "reviews/overview.html", {"overview": None, "years": []})
    return redirect("reviews:overview", year=years[0])


def overview(request, year: int):
    """County overview: per department totals and findings, with SVG charts."""
    region = request.GET.get("region", "").strip()
    data = selectors.county_overview_cached(
        fiscal_year=year, region_code=region, visible=permissions.visible_departments(request.user)
    )
    budget_chart, budget_chart_all = top_and_all(
        [(d.department.name, d.budget_total, format_wan(d.budget_total)) for d in data.departments],
        title=_("各单位预算数（万元）"),
    )
    rules_chart = bar_chart(
        ranked([(title, Decimal(n), str(n)) for _rule, title, n in data.findings_by_rule]),
        title=_("各规则问题数"),
    )
    context = {
        "overview": data,
        "years": selectors.review_years(),
        "region": region,
        "budget_chart": budget_chart,
        "budget_chart_all": budget_chart_all,
        "top_bars": TOP_BARS,
        "rules_chart": rules_chart,
        "status_chart": bar_chart(
            [(label, Decimal(n), str(n)) for label, n in _status_counts(data).items()],
            title=_("各审核状态单位数"),
        ),
    }
    return render(request, "reviews/overview.html", context)


def _status_counts(data: selectors.CountyOverview) -> dict[str, int]:
    """How many departments are in each workflow status, in the workflow's order."""
    counts = dict.fromkeys((str(label) for label in DepartmentPlan.Status.labels), 0)
    for summary in data.departments:
        counts[summary.status] = counts.get(summary.status, 0) + 1
    return counts
