"""Per-unit scoping for the admin: one mixin, used by every admin that shows unit data."""

from django.db.models import Q

from units.selectors import unit_scope_q


class UnitScopedAdminMixin:
    """Limit an admin to the objects of units in the user's scope.

    `unit_lookup` is the path from the model to its Unit ("" for Unit itself,
    "unit" for a report, "report__unit" for a fact). Objects outside the scope
    are absent from lists, autocomplete and foreign-key choices, and their
    change pages answer "not found" because the admin fetches objects through
    `get_queryset`.
    """

    unit_lookup = "unit"

    def scope_filter(self, request, lookup: str | None = None) -> Q | None:
        lookup = self.unit_lookup if lookup is None else lookup
        return unit_scope_q(request.user, f"{lookup}__" if lookup else "")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        q = self.scope_filter(request)
        return qs if q is None else qs.filter(q)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        from disclosure.models import Report
        from units.models import Unit

        lookup = {Unit: "", Report: "unit"}.get(related)
        if lookup is not None:
            q = self.scope_filter(request, lookup)
            if q is not None:
                kwargs["queryset"] = related._default_manager.filter(q)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
