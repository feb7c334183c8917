"""Load the seed department documents from fixtures/seed/*.json (idempotent)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.frames import ensure_official_frames
from projects.exceptions import TargetDataError
from projects.services import department_targets_save
from projects.targets import department_from_dict

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"


class Command(BaseCommand):
    help = "导入 fixtures/seed/ 中的示例单位绩效目标（可重复执行，不会产生重复数据）。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="JSON 文件；缺省为 fixtures/seed/*.json")

    def handle(self, *args, **options):
        files = [Path(f) for f in options["files"]] or sorted(SEED_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"没有找到种子数据：{SEED_DIR}")
        ensure_official_frames()  # reference data, in case a flush removed what migrations seeded
        for path in files:
            targets = department_from_dict(json.loads(path.read_text(encoding="utf-8")))
            try:
                department_targets_save(targets=targets)
            except TargetDataError as error:
                raise CommandError(f"{path.name}：{error}") from error
            self.stdout.write(
                f"已导入 {targets.department_code}{targets.department_name} "
                f"{targets.fiscal_year}年：{len(targets.tables)} 个项目"
            )
