from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        from accounts.permission_names import name_permissions_in_chinese

        # After every app's permissions exist (sender: the last app that migrates is enough,
        # but any sender is harmless: the update is idempotent).
        post_migrate.connect(name_permissions_in_chinese, dispatch_uid="permissions-in-chinese")
