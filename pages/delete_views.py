"""Deleting a project: a confirmation page, then one service call (#15 made the admin read-only
for targets, so this is where a clerk removes a project entered by mistake)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from core.params import small_int
from projects import permissions
from projects.exceptions import ConcurrentEditError, NotAllowed
from projects.services import project_delete


def project_delete_confirm(request, pk: int):
    """GET asks for confirmation; POST deletes with the version the page was opened at."""
    project = permissions.project_or_404(request.user, pk)
    refusal = permissions.edit_refusal(request.user, project.department, _plan(project))
    if request.method == "POST" and refusal is None:
        try:
            project_delete(
                project=project,
                user=request.user,
                expected_version=small_int(request.POST.get("version")),
            )
        except (NotAllowed, ConcurrentEditError) as error:
            messages.error(request, str(error))
            return redirect("projects:project_edit", pk=pk)
        messages.success(
            request,
            gettext("已删除项目“%(name)s”；修改记录中保留了删除前的内容。")
            % {"name": project.name},
        )
        return redirect(
            "projects:plan_edit", code=project.department.code, year=project.fiscal_year
        )
    return render(
        request,
        "projects/project_delete.html",
        {"project": project, "refusal": refusal, "indicator_count": project.indicators.count()},
        status=403 if refusal is not None and request.method == "POST" else 200,
    )


def _plan(project):
    return project.department.plans.filter(fiscal_year=project.fiscal_year).first()
