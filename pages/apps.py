from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Pages that put several rooms together: the department page, the editors and their
    template tags, carry-forward, lists and history, the demo generator (#15)."""

    name = "pages"
    verbose_name = _("页面")
