"""Import a Word, Excel, flat-sheet or template file from the command line (all or nothing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.years import parse_fiscal_year
from imports import selfeval
from imports.readers.base import ImportFileError, Options
from imports.reading import read_upload
from imports.services import POLICIES, UPDATE, ImportRefused, targets_import
from projects.permissions import SYSTEM


class Command(BaseCommand):
    help = (
        "导入绩效目标表（.docx / .xlsx / .csv）：全部导入或全部不导入，打印汇总。"
        "项目支出绩效自评表（.docx / .xlsx）导入为该年度的绩效自评（需 --department 和 --year）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--department", default="", help=_("文件中没有单位编码时使用"))
        parser.add_argument("--year", type=_year, default=None, help=_("文件中没有预算年度时使用"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并打印汇总，不写入"))
        parser.add_argument("--on-existing", choices=POLICIES, default=UPDATE)
        parser.add_argument("--user", default="", help=_("以该用户的权限导入并记入修改历史"))

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        user = self._user(options["user"])
        data = path.read_bytes()
        try:
            tables = selfeval.selfeval_tables(data)  # a 自评表: the year's self-evaluation
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if tables:
            self._self_evaluation(tables, options, user)
            return
        try:
            result = read_upload(data, Options(options["department"], options["year"]))
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for problem in result.problems:
            self.stdout.write(f"[{problem.level_label}] {problem.place}：{problem.message}")
        if result.errors:
            raise CommandError(
                _("文件中有%(count)s处错误，未导入任何内容。") % {"count": len(result.errors)}
            )
        try:
            summary = targets_import(
                departments=result.departments,
                user=user,
                policy=options["on_existing"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as refused:
            for place, messages in refused.summary.errors.items():
                self.stdout.write(
                    _("[错误] %(place)s：%(messages)s")
                    % {"place": place, "messages": "；".join(messages)}
                )
            raise CommandError(_("导入未执行，数据库没有任何改动。")) from refused
        prefix = _("（试运行，未写入）") if options["dry_run"] else ""
        for line in summary.lines():
            self.stdout.write(prefix + line)
        if summary.imported == 0:
            raise CommandError(_("没有可导入的项目（全部已存在并被跳过）。"))

    def _self_evaluation(self, tables, options, user) -> None:
        try:
            outcome = selfeval.selfeval_import(
                tables=tables,
                department_code=options["department"],
                fiscal_year=options["year"],
                user=user,
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        prefix = _("（试运行，未写入）") if options["dry_run"] else ""
        for line in outcome.lines():
            self.stdout.write(prefix + line)

    def _user(self, username: str):
        if not username:
            return SYSTEM  # a system job: every unit, recorded in history as no user
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("用户 %(name)s 不存在。") % {"name": username})
        return user


def _year(text: str) -> int:
    """The --year option within the one allowed range (core.years)."""
    try:
        return parse_fiscal_year(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
