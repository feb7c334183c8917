"""Issue an API token for a user; the key is printed once and only its hash is stored."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from api.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建接口令牌（密钥只显示一次）。"  # argparse needs a plain str, not a lazy one

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help=_("用途说明，如“一体化系统同步”"))

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                _("用户 %(name)s 不存在，请先在后台创建该用户。") % {"name": options["username"]}
            )
        _token, key = ApiToken.issue(user=user, name=options["name"])
        self.stdout.write(key)
