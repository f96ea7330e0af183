from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("绩效自评")

    def ready(self):
        # The 绩效 part of every report: its projects are loaded with the
        # facts, built into the document, and written as §九; its rules
        # (N9-*) register themselves with the 审核 engine when imported.
        from disclosure.parts import ReportPart, register_part
        from performance import narrative, rules  # noqa: F401
        from performance.document import build_performance_document
        from performance.selectors import load_performance

        register_part(
            ReportPart(
                name="performance",
                load=load_performance,
                build=build_performance_document,
                sections={"performance": narrative.section},
            )
        )
