"""Create one demo account per role, listed in the README (idempotent; existing ones are kept)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, UserProfile
from projects.models import Department

SEED_DEPARTMENT = "802010"
SEED_REGION = "130225"
# username, password, full name, role
DEMO_ACCOUNTS = [
    ("admin", "admin-demo-2023", "系统管理员", Role.ADMIN),
    ("clerk", "clerk-demo-2023", "大相各庄镇填报员", Role.CLERK),
    ("reviewer", "reviewer-demo-2023", "乐亭县财政局审核员", Role.REVIEWER),
    ("auditor", "auditor-demo-2023", "审计人员", Role.AUDITOR),
]


class Command(BaseCommand):
    help = "创建各角色的演示账号（已存在的账号保持不变）。"

    @transaction.atomic
    def handle(self, *args, **options):
        user_model = get_user_model()
        for username, password, full_name, role in DEMO_ACCOUNTS:
            is_admin = role == Role.ADMIN
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": full_name, "is_staff": is_admin, "is_superuser": is_admin},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                self._scope(user, role)
            state = _("已创建") if created else _("已存在")
            self.stdout.write(
                _("%(state)s  %(username)s 密码 %(password)s %(role)s · %(name)s")
                % {
                    "state": state,
                    "username": f"{username:<10}",
                    "password": f"{password:<20}",
                    "role": Role(role).label,
                    "name": full_name,
                }
            )

    def _scope(self, user, role: str) -> None:
        profile = UserProfile.objects.create(
            user=user, role=role, region_code=SEED_REGION if role == Role.REVIEWER else ""
        )
        department = Department.objects.filter(code=SEED_DEPARTMENT).first()
        if role == Role.CLERK and department:
            profile.departments.add(department)
