"""Per-unit scoping for the admin: one mixin, used by every admin that shows unit data."""

from django.db.models import Q

from units.selectors import unit_scope_q


class UnitScopedAdminMixin:
    """Limit an admin to the objects of units in the user's scope.

    `unit_lookup` is the path from the model to its Unit ("" for Unit itself,
    "unit" for a report, "report__unit" for a fact). Objects outside the scope
    are absent from lists, exports, autocomplete and related-object choices,
    and every page of one object answers "not found" for them because the
    admin fetches objects through `get_queryset`. tests/disclosure/
    test_scope_everywhere.py checks that every admin of a model with a path
    to Unit uses this mixin, and every page it serves.
    """

    unit_lookup = "unit"

    def scope_filter(self, request, lookup: str | None = None) -> Q | None:
        lookup = self.unit_lookup if lookup is None else lookup
        return unit_scope_q(request.user, f"{lookup}__" if lookup else "")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        q = self.scope_filter(request)
        return qs if q is None else qs.filter(q)

    def related_unit_lookup(self, model) -> str | None:
        """The path from `model` to its Unit when `model` belongs to a unit, else None."""
        from units.models import Unit

        if model is Unit:
            return ""
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, UnitScopedAdminMixin):
            return related_admin.unit_lookup
        return None

    def _scope_choices(self, db_field, request, kwargs) -> None:
        # Choices of a related object that belongs to a unit (a unit, a
        # report, a project …) are limited to the units in scope, so a form
        # can neither list nor accept one outside it.
        related = db_field.related_model
        lookup = self.related_unit_lookup(related)
        if lookup is None:
            return
        q = self.scope_filter(request, lookup)
        if q is not None:
            queryset = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = queryset.filter(q)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """An admin that only shows: logs and records written by the services, never by hand."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
