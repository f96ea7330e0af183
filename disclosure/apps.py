from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disclosure"
    verbose_name = _("决算公开")

    def ready(self):
        # The report jobs register themselves with the job runner.
        import disclosure.archives  # noqa: F401
        import disclosure.background  # noqa: F401
        from disclosure.models import profile_lock_message
        from disclosure.public_cache import unit_changed
        from units.models import PROFILE_LOCKS

        if profile_lock_message not in PROFILE_LOCKS:
            PROFILE_LOCKS.append(profile_lock_message)

        post_save.connect(unit_changed, sender="units.Unit", dispatch_uid="unit-saved")
        post_delete.connect(
            unit_changed, sender="units.Unit", dispatch_uid="unit-deleted"
        )
