"""Reads about units: which units a user may act on."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from units.models import Membership, Unit

# Members of this group (created by migration units.0002_roles) administer every unit.
SYSTEM_ADMIN_GROUP = "系统管理员"


def unit_scope_q(user, prefix: str = "") -> Q | None:
    """A filter selecting the units in `user`'s scope, or None for everything.

    A preparer (填报人) reaches the units they are a member of; a reviewer (审核人)
    reaches the member unit and its whole subtree. `prefix` lets callers filter
    related models, e.g. ``unit_scope_q(user, "unit__")`` for reports.
    """
    if user.is_superuser or user.groups.filter(name=SYSTEM_ADMIN_GROUP).exists():
        return None
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    clauses = []
    direct = [m.unit_id for m in memberships if m.role == Membership.Role.PREPARER]
    if direct:
        clauses.append(Q(**{f"{prefix}pk__in": direct}))
    for m in memberships:
        if m.role == Membership.Role.REVIEWER:
            clauses.append(Q(**{f"{prefix}path__startswith": m.unit.path}))
    if not clauses:
        return Q(pk__in=[])
    return reduce(or_, clauses)


def units_for_user(user) -> QuerySet[Unit]:
    q = unit_scope_q(user)
    return Unit.objects.all() if q is None else Unit.objects.filter(q)


def reviewer_scope_q(user, prefix: str = "") -> Q | None:
    """The units `user` supervises (审核人 memberships and their subtrees); None for all."""
    if user.is_superuser or user.groups.filter(name=SYSTEM_ADMIN_GROUP).exists():
        return None
    paths = Membership.objects.filter(
        user=user, role=Membership.Role.REVIEWER
    ).values_list("unit__path", flat=True)
    clauses = [Q(**{f"{prefix}path__startswith": path}) for path in paths]
    return reduce(or_, clauses) if clauses else Q(pk__in=[])


def people_for_unit(unit: Unit, role: str) -> list:
    """Users holding `role` for `unit`: its own preparers, or the reviewers of it or any ancestor."""
    if role == Membership.Role.PREPARER:
        memberships = Membership.objects.filter(unit=unit, role=role)
    else:
        ancestors = [p for p in unit.path.strip("/").split("/")]
        memberships = Membership.objects.filter(unit__code__in=ancestors, role=role)
    return [m.user for m in memberships.select_related("user") if m.user.is_active]
