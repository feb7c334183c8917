"""Issue an API token for a user; the key is printed once and only its hash is stored."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建接口令牌（密钥只显示一次）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="用途说明，如“一体化系统同步”")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在。")
        _token, key = ApiToken.issue(user=user, name=options["name"])
        self.stdout.write(key)
