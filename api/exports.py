"""Downloads of the three stages' official documents through the API (#18): a unit-year's
绩效目标表, a monitoring round's 执行监控表 and the 绩效自评表, as Word or Excel.

The addresses mirror the pages' downloads (`…/export.docx`); the files are the pages' files:
the target tables through `reports.services.department_export` (with the exact values
embedded), the stages through `evaluation.layout`, printed by the renderers of
`reports.services.RENDERERS`, so the page, the API, `export_targets --stage` and the batch
export cannot differ. Read access as for the GET of the stage; the file is written to a
temporary file and streamed, with its Chinese name in `Content-Disposition` (RFC 6266/5987).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Annotated, Any, BinaryIO

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path
from pydantic import BeforeValidator, WithJsonSchema

from api import errors
from api.schemas import FiscalYear, UnitCode
from api.stages import Month, MonthPath, _evaluation, _round
from api.views import READ_ERRORS, Code, Year, _department, api
from evaluation import layout, selectors
from projects.selectors import department_targets
from reports import services
from reports.layout import Document


def _format(value: Any) -> str:
    """`docx` or `xlsx`; anything else is a 422 at `fmt` with the pages' Chinese message."""
    if not isinstance(value, str):
        value = str(value)
    try:
        services.check_format(value)
    except services.ExportError as refused:
        raise ValueError(str(refused)) from refused
    return value


ExportFormat = Annotated[
    str,
    BeforeValidator(_format),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(services.FORMATS),
            "description": _("文件格式：docx（Word）或 xlsx（Excel）"),
        }
    ),
]
FormatPath = Path(..., description=_("文件格式：docx（Word）或 xlsx（Excel）"))


def _responses(what: str) -> dict:
    """The OpenAPI answer of a download: the file in either format, named in
    Content-Disposition (django-ninja documents only JSON bodies by itself)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            200: {
                "description": _("%(what)s文件（按 fmt：Word 或 Excel），文件名为中文")
                % {"what": what},
                "headers": {
                    "Content-Disposition": {
                        "description": _(
                            "attachment; filename*=utf-8''<中文文件名，URL 编码>（RFC 6266）"
                        ),
                        "schema": {"type": "string"},
                    }
                },
                "content": {services.CONTENT_TYPES[fmt]: binary for fmt in services.FORMATS},
            }
        }
    }


def _download(write: Callable[[BinaryIO], None], file_name: str, fmt: str) -> FileResponse:
    """Write through a temporary file and stream it (a 1,000-table file is not held twice)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
    write(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=services.safe_file_name(file_name),
        content_type=services.CONTENT_TYPES[fmt],
    )


def _document_download(document: Document, title: str, fmt: str) -> FileResponse:
    return _download(
        lambda output: services.RENDERERS[fmt](document, output), f"{title}.{fmt}", fmt
    )


@api.get(
    "/departments/{code}/{year}/export.{fmt}",
    response={200: None, **READ_ERRORS},
    url_name="department_export",
    operation_id="exportDepartmentTargets",
    summary=_("下载单位某年度的绩效目标表（Word 或 Excel，与网页导出相同）"),
    openapi_extra=_responses(_("绩效目标表")),
)
def department_export(
    request: HttpRequest,
    code: UnitCode = Code,
    year: FiscalYear = Year,
    fmt: ExportFormat = FormatPath,
):
    department = _department(request, code)
    targets = department_targets(department=department, fiscal_year=year)
    if not targets.tables and not targets.overall_goal:
        raise errors.ApiError(404, _("该单位在该年度没有绩效目标。"))
    return _download(
        lambda output: services.department_export(targets=targets, fmt=fmt, output=output),
        services.department_file_name(targets, fmt),
        fmt,
    )


@api.get(
    "/departments/{code}/{year}/monitoring/{month}/export.{fmt}",
    response={200: None, **READ_ERRORS},
    url_name="monitoring_export",
    operation_id="exportMonitoring",
    summary=_("下载运行监控表（Word 或 Excel，与网页导出相同）"),
    openapi_extra=_responses(_("运行监控表")),
)
def monitoring_export(
    request: HttpRequest,
    code: UnitCode = Code,
    year: FiscalYear = Year,
    month: Month = MonthPath,
    fmt: ExportFormat = FormatPath,
):
    sheet = selectors.monitoring_sheet(_round(request, code, year, month))
    return _document_download(
        layout.monitoring_document(sheet), layout.monitoring_title(sheet), fmt
    )


@api.get(
    "/departments/{code}/{year}/selfeval/export.{fmt}",
    response={200: None, **READ_ERRORS},
    url_name="selfeval_export",
    operation_id="exportSelfEvaluation",
    summary=_("下载绩效自评表（Word 或 Excel，与网页导出相同）"),
    openapi_extra=_responses(_("绩效自评表")),
)
def selfeval_export(
    request: HttpRequest,
    code: UnitCode = Code,
    year: FiscalYear = Year,
    fmt: ExportFormat = FormatPath,
):
    sheet = selectors.evaluation_sheet(_evaluation(request, code, year))
    return _document_download(
        layout.evaluation_document(sheet), layout.evaluation_title(sheet), fmt
    )
