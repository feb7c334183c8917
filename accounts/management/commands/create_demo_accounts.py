"""Create the demo accounts listed in the README (idempotent; existing accounts are kept)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_ACCOUNTS = [
    # username, password, full name, is_staff, is_superuser
    ("admin", "admin-demo-2023", "系统管理员", True, True),
    ("auditor", "auditor-demo-2023", "审计人员", False, False),
]


class Command(BaseCommand):
    help = "创建演示账号（已存在的账号保持不变）。"

    def handle(self, *args, **options):
        user_model = get_user_model()
        for username, password, full_name, is_staff, is_superuser in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": full_name,
                    "is_staff": is_staff,
                    "is_superuser": is_superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            state = "已创建" if created else "已存在"
            self.stdout.write(f"{state}  {username:<10} 密码 {password:<20} {full_name}")
