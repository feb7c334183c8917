"""`manage.py cleanup_exports [--days N]`: remove old batch-export zips from EXPORTS_DIR."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.services import export_files_cleanup


class Command(BaseCommand):
    help = "删除超过保留天数的批量导出文件（默认见 EXPORTS_KEEP_DAYS，7 天）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=getattr(settings, "EXPORTS_KEEP_DAYS", 7),
            help=_("保留最近几天的导出文件"),
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError(_("--days 不能为负数。"))
        removed = export_files_cleanup(keep_days=days)
        self.stdout.write(
            _("已删除 %(count)s 个超过 %(days)s 天的导出文件（%(dir)s）。")
            % {"count": removed, "days": days, "dir": settings.EXPORTS_DIR}
        )
