"""Chinese names for Django's default permissions (#17): `Can add project` becomes `可添加 项目`.

Django stores a permission's name in English when `migrate` creates it, and the admin's user
and group pages list those names. After every migrate the default four of each model are
renamed from the model's Chinese verbose name; custom permissions keep the name they declare.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

ACTIONS = {"add": _("可添加"), "change": _("可修改"), "delete": _("可删除"), "view": _("可查看")}


def name_permissions_in_chinese(*, apps=None, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: rename the default permissions of every installed model."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    with translation.override("zh-hans"):
        for model in global_apps.get_models():
            meta = model._meta
            content_type = ContentType.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            for action in meta.default_permissions:
                wanted = f"{ACTIONS[action]} {meta.verbose_name}"[:255] if action in ACTIONS else ""
                if wanted:
                    Permission.objects.using(using).filter(
                        content_type=content_type, codename=f"{action}_{meta.model_name}"
                    ).exclude(name=wanted).update(name=wanted)
