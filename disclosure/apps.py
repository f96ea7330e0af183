from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disclosure"
    verbose_name = _("决算公开")

    def ready(self):
        from disclosure.public_cache import unit_changed

        post_save.connect(unit_changed, sender="units.Unit", dispatch_uid="unit-saved")
        post_delete.connect(
            unit_changed, sender="units.Unit", dispatch_uid="unit-deleted"
        )
