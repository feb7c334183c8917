from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("运行监控与绩效自评")

    def ready(self) -> None:
        # 结果应用's cross-year rules join the automated review of next year's targets.
        from evaluation import exports, results

        results.register()
        exports.register()  # the stages' documents for the batch export (reports.stages)
