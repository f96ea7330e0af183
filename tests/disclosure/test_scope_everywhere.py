"""Scope everywhere in the admin: every admin, page, autocomplete, action and export.

填报人 reach their own unit(s), 审核人 a department and every unit under it. An
object outside a user's scope must answer exactly as an object that does not
exist (the admin's "not found" redirect, 404, or the same 403), and no page a
user can open may show it.

The tables are read from the admin site itself (its registry, each admin's
``get_urls()``, autocomplete fields and actions), so a newly registered admin
or a new admin page is checked the moment it exists; a model with a path to
Unit whose admin is not scoped fails
``test_every_registered_admin_is_scoped_or_explained`` until it is scoped or
added, with its reason, to an allow-list below.
"""

import datetime
import io
import re
from collections import deque
from decimal import Decimal as D

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BooleanField, ModelChoiceField
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from disclosure.forms import GRID_GROUPS
from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    CodeCrosswalk,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FiscalYear,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Reminder,
    Report,
    ReviewLog,
    ThreePublicExpenses,
)
from jobs.models import Job
from performance.models import Indicator, Project
from tests.admin_forms import form_data
from tests.factories import (
    AssetHoldingFactory,
    BalancesFactory,
    BasicExpenditureLineFactory,
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    FiscalYearFactory,
    IncomeLineFactory,
    IndicatorFactory,
    MembershipFactory,
    ProjectFactory,
    ReportFactory,
    ThreePublicExpensesFactory,
    UnitFactory,
    UnitProfileFactory,
    UserFactory,
)
from units.models import InternalBody, Membership, Unit, UnitProfile
from units.scoping import UnitScopedAdminMixin

User = get_user_model()

# The export page asks this deprecated hook when items are posted; the export
# itself is filtered by the scoped queryset, which the tests check.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The 'get_valid_export_item_pks:DeprecationWarning"
)

# Registered models with no path to a unit: nothing of theirs belongs to one unit.
UNSCOPED = {
    Group: "auth groups; the role groups hold no auth permissions",
    User: "auth users; the role groups hold no auth permissions",
    FiscalYear: "reference data shared by every unit",
    FunctionCode: "reference data shared by every unit (per-year code list)",
    EconomicCode: "reference data shared by every unit (per-year code list)",
    CodeCrosswalk: "reference data shared by every unit (codes renamed between years)",
    AccessAttempt: "failed logins (django-axes); the role groups hold no axes permissions",
    AccessLog: "logins (django-axes); the role groups hold no axes permissions",
    AccessFailureLog: "failed logins (django-axes); no role group holds its permissions",
    Job: "background jobs; each user sees only the jobs they started, superusers all",
    DBTaskResult: "the job queue's rows (django-tasks-db); no role group holds its permissions",
}
# Registered models with a path to a unit whose admin may do without
# UnitScopedAdminMixin, with the reason. None so far: even superuser-only
# admins are scoped, or Django's history and delete pages would answer
# "forbidden" for an object that exists and "not found" for one that does not.
NOT_SCOPED = {}
# Admins that refuse everyone but superusers, whatever their permissions.
SUPERUSER_ONLY = {
    Membership: "who holds which role is decided by superusers alone",
}

# One object per registered unit-scoped model, for a unit and its report.
# A model registered with a scoped admin needs a row here.
OBJECT_MAKERS = {
    Unit: lambda unit, report: unit,
    UnitProfile: lambda unit, report: UnitProfileFactory(
        unit=unit, duties=f"{unit.name}的主要职责"
    ),
    Membership: lambda unit, report: MembershipFactory(
        unit=unit, user=UserFactory(username=f"member-{unit.code}")
    ),
    Report: lambda unit, report: report,
    ReviewLog: lambda unit, report: ReviewLog.objects.create(
        report=report,
        from_status=Report.Status.DRAFT,
        to_status=Report.Status.SUBMITTED,
        comment=f"{unit.name}的审核意见",
    ),
    Reminder: lambda unit, report: Reminder.objects.create(
        unit=unit,
        fiscal_year=report.fiscal_year,
        report=report,
        kind=Reminder.Kind.AUTOMATIC,
        recipients=f"{unit.code}@example.org",
        subject=f"催办：{unit.name}",
        body=f"{unit.name}的催办",
        sent_on=datetime.date(2023, 9, 1),
    ),
    IncomeLine: lambda unit, report: IncomeLineFactory(
        report=report, general_budget=D("12.34")
    ),
    ExpenditureLine: lambda unit, report: ExpenditureLineFactory(
        report=report, basic=D("12.34")
    ),
    FiscalExpenditureLine: lambda unit, report: FiscalExpenditureLineFactory(
        report=report, basic=D("12.34")
    ),
    BasicExpenditureLine: lambda unit, report: BasicExpenditureLineFactory(
        report=report, amount=D("12.34")
    ),
    Project: lambda unit, report: ProjectFactory(
        report=report, name=f"{unit.name}绩效项目"
    ),
}

# One row for each model edited inline on a scoped admin's page, made from
# the unit's objects above. An inline added to a scoped admin needs a row here.
INLINE_MAKERS = {
    Balances: lambda unit, o: BalancesFactory(report=o[Report]),
    ThreePublicExpenses: lambda unit, o: ThreePublicExpensesFactory(report=o[Report]),
    AssetHolding: lambda unit, o: AssetHoldingFactory(report=o[Report]),
    Procurement: lambda unit, o: Procurement.objects.create(report=o[Report]),
    OperatingExpense: lambda unit, o: OperatingExpense.objects.create(
        report=o[Report], amount=D("1.00")
    ),
    PriorYearFigure: lambda unit, o: PriorYearFigure.objects.create(
        report=o[Report], key=PriorYearFigure.Key.INCOME_TOTAL, amount=D("1.00")
    ),
    Reason: lambda unit, o: Reason.objects.create(
        report=o[Report], key="income_total", text=f"{unit.name}的原因说明"
    ),
    InternalBody: lambda unit, o: InternalBody.objects.create(
        profile=o[UnitProfile], name=f"{unit.name}办公室"
    ),
    Indicator: lambda unit, o: IndicatorFactory(
        project=o[Project], name=f"{unit.name}绩效指标"
    ),
}

# One CSV header and row template per flat-list import, for a unit's 2022 report.
IMPORT_ROWS = {
    IncomeLine: ("unit_code,year,code,general_budget", "{code},2022,2120199,1.00"),
    ExpenditureLine: ("unit_code,year,code,basic", "{code},2022,2120199,1.00"),
    FiscalExpenditureLine: (
        "unit_code,year,fund,code,basic",
        "{code},2022,general,2120199,1.00",
    ),
    BasicExpenditureLine: ("unit_code,year,code,amount", "{code},2022,30101,1.00"),
}

# Values for the URL converters of admin pages other than object_id.
ROUTE_PARAMETERS = {"<slug:group>": list(GRID_GROUPS)}

# What a page that is not about one object is also asked, besides a plain GET.
LIST_QUERIES = {
    "": lambda out: [{"q": out.code}, {"q": out.name}, {"_facets": "1"}],
    "dashboard/": lambda out: [
        {"department": out.department.code},
        {"department": out.department.code, "format": "xlsx"},
        {"format": "xlsx"},
        {"state": "pending", "format": "xlsx"},
    ],
}

# Posted to every object page of an object out of scope: enough to trigger
# whichever write the page performs (save, delete, submit, approve, import).
HOSTILE_POST = {
    "post": "yes",
    "_save": "保存",
    "action": "approve",
    "comment": "越权操作",
    "submit": "1",
    "confirm": "1",
    "token": "x",
    "name": "越权修改",
    "duties": "越权修改",
    "secrecy_reviewer": "某人",
    "head_signer": "某人",
}

# Pages that answer the same whatever the id: a redirect to the change page,
# and Django's "view on site" (404: no model here has get_absolute_url).
SAME_FOR_EVERY_ID = ("<path:object_id>/", "view on site")

SCOPED_APPS = ["units", "disclosure", "performance"]
MISSING_PK = 987654321
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_path(model, depth: int = 4) -> str | None:
    """The shortest chain of foreign keys from `model` to Unit ("" for Unit), or None."""
    queue = deque([(model, [])])
    seen = {model}
    while queue:
        current, parts = queue.popleft()
        if current is Unit:
            return "__".join(parts)
        if len(parts) >= depth:
            continue
        for field in current._meta.get_fields():
            if not (field.concrete and field.is_relation):
                continue
            if not (field.many_to_one or field.one_to_one):
                continue
            if field.related_model in seen:
                continue
            seen.add(field.related_model)
            queue.append((field.related_model, [*parts, field.name]))
    return None


def resolve(model, lookup: str):
    """The model a lookup path ends at."""
    for part in lookup.split("__") if lookup else []:
        model = model._meta.get_field(part).related_model
    return model


def unit_of(obj, lookup: str) -> Unit:
    for part in lookup.split("__") if lookup else []:
        obj = getattr(obj, part)
    return obj


def scoped_admins():
    """(model, admin, path to Unit) of each registered admin of a model of a unit."""
    rows = []
    for model, model_admin in admin.site._registry.items():
        path = unit_path(model)
        if path is not None:
            rows.append((model, model_admin, path))
    return sorted(rows, key=lambda row: row[0]._meta.label)


def split_routes(model_admin):
    """The admin's own pages: (object routes, list routes), as relative URL patterns."""
    object_routes, list_routes = [], []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if "<path:object_id>" in route:
            object_routes.extend(expand(route))
        else:
            list_routes.append(route)
    return object_routes, list_routes


def expand(route: str) -> list[str]:
    """The route once for each value of each converter it has besides object_id."""
    routes = [route]
    for converter, values in ROUTE_PARAMETERS.items():
        expanded = []
        for r in routes:
            if converter in r:
                expanded.extend(r.replace(converter, value) for value in values)
            else:
                expanded.append(r)
        routes = expanded
    return routes


def answer(response, pk) -> tuple:
    """What a response says, with the object's own id taken out of any redirect."""
    location = response.get("Location", "")
    if location:
        location = location.replace(f"/{pk}/", "/<pk>/")
    return response.status_code, location


def text_of(response) -> str:
    """Everything a response shows: page text, or every cell of a workbook."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type", "").startswith(XLSX):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8-sig", errors="replace")


def snapshot(objects) -> dict:
    """Every column of each object as loaded."""
    return {
        (type(obj), obj.pk): {
            f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
        }
        for obj in objects
    }


def stored(objects) -> dict:
    """The objects as the database holds them now (deleted ones absent)."""
    found = {}
    for obj in objects:
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        if fresh is not None:
            found[(type(obj), obj.pk)] = {
                f.attname: getattr(fresh, f.attname)
                for f in fresh._meta.concrete_fields
            }
    return found


class Persona:
    def __init__(self, label, user, inside, outside, markers):
        self.label = label
        self.user = user
        self.everything = "every permission" in label
        self.inside = inside  # units in scope, the first one used for checks
        self.outside = outside  # units out of scope
        self.markers = markers  # units whose name or code must never be shown

    def __repr__(self):
        return self.label


class ScopeEverywhereTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        year = FiscalYearFactory(year=2022)
        # Department X (units A and B) and department Y (unit Z). Names and
        # codes are unique words, so finding one in a page means it leaked.
        cls.x = UnitFactory(code="QX7100", name="鹤鸣局")
        cls.a = UnitFactory(code="QA7101", name="松风处", parent=cls.x)
        cls.b = UnitFactory(code="QB7102", name="竹影处", parent=cls.x)
        cls.y = UnitFactory(code="QY7200", name="梅雪局")
        cls.z = UnitFactory(code="QZ7201", name="兰香处", parent=cls.y)
        cls.units = [cls.x, cls.a, cls.b, cls.y, cls.z]
        cls.objects = {}
        for unit in cls.units:
            report = ReportFactory(unit=unit, fiscal_year=year)
            made = {model: make(unit, report) for model, make in OBJECT_MAKERS.items()}
            for model, make in INLINE_MAKERS.items():
                made[model] = make(unit, made)
            cls.objects[unit.pk] = made

        every_permission = Permission.objects.filter(
            content_type__app_label__in=SCOPED_APPS
        )

        def person(username, group, unit, role, everything=False):
            user = UserFactory(username=username)
            if everything:
                user.user_permissions.add(*every_permission)
            else:
                user.groups.add(Group.objects.get(name=group))
            MembershipFactory(user=user, unit=unit, role=role)
            return user

        preparer, reviewer = Membership.Role.PREPARER, Membership.Role.REVIEWER
        # An accountant sees their own department's name as their unit's
        # parent, so only B, Y and Z count as leaked when named.
        accountant = dict(
            inside=[cls.a],
            outside=[cls.b, cls.x, cls.z],
            markers=[cls.b, cls.y, cls.z],
        )
        supervisor = dict(
            inside=[cls.b, cls.x, cls.a],
            outside=[cls.y, cls.z],
            markers=[cls.y, cls.z],
        )
        cls.personas = [
            Persona(
                "填报人 of A", person("kuaiji", "填报人", cls.a, preparer), **accountant
            ),
            Persona(
                "审核人 of X", person("shenhe", "审核人", cls.x, reviewer), **supervisor
            ),
            Persona(
                "填报人 of A holding every permission",
                person("kuaiji-all", None, cls.a, preparer, everything=True),
                **accountant,
            ),
            Persona(
                "审核人 of X holding every permission",
                person("shenhe-all", None, cls.x, reviewer, everything=True),
                **supervisor,
            ),
        ]

    def obj(self, unit, model):
        return self.objects[unit.pk][model]

    def all_objects(self):
        return [obj for per_unit in self.objects.values() for obj in per_unit.values()]

    def leaked(self, persona, text: str, typed=()) -> list[str]:
        """Names and codes of units out of scope found in `text`.

        What the user typed (a search term, a code in an uploaded file) is
        echoed back by the page and is not counted.
        """
        return [
            word
            for unit in persona.markers
            for word in (unit.name, unit.code)
            if word in text and word not in typed
        ]

    def as_persona(self, persona):
        self.client.force_login(persona.user)
        # A page that crashes is reported in the table with its 500, not raised.
        self.client.raise_request_exception = False


class RegistryTests(ScopeEverywhereTestCase):
    def test_every_registered_admin_is_scoped_or_explained(self):
        problems = []
        for model, model_admin in admin.site._registry.items():
            label = model._meta.label
            path = unit_path(model)
            if path is None:
                if model not in UNSCOPED:
                    problems.append(f"{label}: no path to Unit and not in UNSCOPED")
                continue
            if isinstance(model_admin, UnitScopedAdminMixin):
                if resolve(model, model_admin.unit_lookup) is not Unit:
                    problems.append(f"{label}: unit_lookup does not end at Unit")
                elif model_admin.unit_lookup != path:
                    problems.append(
                        f"{label}: unit_lookup {model_admin.unit_lookup!r}, "
                        f"expected {path!r}"
                    )
                if model not in OBJECT_MAKERS:
                    problems.append(f"{label}: add a row to OBJECT_MAKERS")
                for inline in model_admin.inlines:
                    if inline.model not in INLINE_MAKERS:
                        problems.append(
                            f"{label}: add a row for {inline.model._meta.label} "
                            "to INLINE_MAKERS"
                        )
            elif model not in NOT_SCOPED:
                problems.append(
                    f"{label}: belongs to a unit ({path}) but its admin "
                    "does not use UnitScopedAdminMixin"
                )
        for model in [*UNSCOPED, *NOT_SCOPED, *SUPERUSER_ONLY]:
            if model not in admin.site._registry:
                problems.append(f"{model._meta.label}: allow-listed but not registered")
        self.assertEqual(problems, [])

    def test_the_tables_cover_every_page_of_every_scoped_admin(self):
        routes = {
            model._meta.label: split_routes(model_admin)
            for model, model_admin, _path in scoped_admins()
        }
        # Every object page has a value for each of its converters.
        unfilled = [
            route
            for object_routes, _list in routes.values()
            for route in object_routes
            if "<" in route.replace("<path:object_id>", "")
        ]
        self.assertEqual(unfilled, [])
        report_pages = set(routes["disclosure.Report"][0])
        for page in ["preview/", "check/", "changes/", "export-xlsx/", "import-xlsx/"]:
            self.assertIn(f"<path:object_id>/{page}", report_pages)
        self.assertIn("dashboard/", routes["disclosure.Report"][1])
        self.assertIn("export/", routes["units.Unit"][1])
        self.assertIn("process_import/", routes["disclosure.IncomeLine"][1])

    def test_superuser_only_admins_refuse_everyone_else(self):
        for model in SUPERUSER_ONLY:
            model_admin = admin.site._registry[model]
            object_routes, list_routes = split_routes(model_admin)
            base = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            )
            inside = self.obj(self.a, model)
            for persona in self.personas:
                self.as_persona(persona)
                for route in list_routes:
                    with self.subTest(persona=persona, route=route):
                        self.assertEqual(self.client.get(base + route).status_code, 403)
                for route in object_routes:
                    url = base + route.replace("<path:object_id>", str(inside.pk))
                    if route == "<path:object_id>/":
                        continue  # a plain redirect to the change page
                    with self.subTest(persona=persona, route=route):
                        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_role_groups_only_read_reference_data(self):
        for model in UNSCOPED:
            model_admin = admin.site._registry[model]
            opts = model._meta
            base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            _objects, list_routes = split_routes(model_admin)
            for persona in self.personas[:2]:
                self.as_persona(persona)
                for route in [r for r in list_routes if r in ("add/", "import/")]:
                    with self.subTest(persona=persona, model=opts.label, route=route):
                        self.assertEqual(self.client.get(base + route).status_code, 403)

    def test_a_system_administrator_lists_every_object(self):
        administrator = UserFactory(username="guanliyuan")
        administrator.groups.add(Group.objects.get(name="系统管理员"))
        self.client.force_login(administrator)
        for model, _model_admin, path in scoped_admins():
            if model in SUPERUSER_ONLY:
                continue
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            response = self.client.get(url)
            with self.subTest(model=opts.label):
                listed = {unit_of(o, path) for o in response.context["cl"].result_list}
                self.assertTrue(set(self.units) <= listed)


class ObjectPageTests(ScopeEverywhereTestCase):
    """Every page of one object: change, history, delete, and each admin's own pages."""

    def pages(self):
        rows = []
        for model, model_admin, _path in scoped_admins():
            opts = model._meta
            base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            object_routes, _list = split_routes(model_admin)
            for route in object_routes:
                rows.append((model, route, base + route))
            content_type = ContentType.objects.get_for_model(model)
            rows.append(
                (
                    model,
                    "view on site",
                    reverse("admin:view_on_site", args=[content_type.pk, 0]).replace(
                        "/0/", "/<path:object_id>/"
                    ),
                )
            )
        return rows

    @staticmethod
    def url(template: str, pk) -> str:
        return template.replace("<path:object_id>", str(pk))

    def test_every_object_page_opens_in_scope_and_answers_not_found_out_of_scope(self):
        """Each page of each scoped admin, for each persona: the object in scope
        opens (or is refused by permission), each object out of scope answers
        exactly as an id that does not exist, to GET and, for the personas
        holding every permission, to a POST that would write."""
        outside_failures, inside_failures = [], []
        checked = opened = 0
        before = snapshot(self.all_objects())
        for persona in self.personas:
            self.as_persona(persona)
            methods = ["get", "post"] if persona.everything else ["get"]
            for model, route, template in self.pages():
                for method in methods:
                    send = getattr(self.client, method)
                    data = HOSTILE_POST if method == "post" else None
                    missing = answer(
                        send(self.url(template, MISSING_PK), data), MISSING_PK
                    )
                    for unit in persona.outside:
                        obj = self.obj(unit, model)
                        response = send(self.url(template, obj.pk), data)
                        checked += 1
                        got = answer(response, obj.pk)
                        leaked = self.leaked(persona, text_of(response))
                        if got != missing or leaked:
                            outside_failures.append(
                                f"{persona} {method.upper()} {route} of "
                                f"{model._meta.label} of {unit.name}: {got} "
                                f"(missing object: {missing}) {leaked or ''}"
                            )
                    if method != "get" or route in SAME_FOR_EVERY_ID:
                        continue
                    obj = self.obj(persona.inside[0], model)
                    got = answer(send(self.url(template, obj.pk)), obj.pk)
                    if got[0] == 200:
                        opened += 1
                    elif got[0] != 403 and (got == missing or got[0] != 302):
                        inside_failures.append(
                            f"{persona} GET {route} of {model._meta.label}: {got}"
                        )
        self.assertEqual(outside_failures, [], "\n".join(outside_failures))
        self.assertEqual(inside_failures, [], "\n".join(inside_failures))
        self.assertEqual(stored(self.all_objects()), before)
        self.assertGreater(checked, 500)
        self.assertGreater(opened, 100)

    def test_the_accountant_holding_every_permission_opens_every_page_of_their_report(
        self,
    ):
        self.as_persona(self.personas[2])
        report = self.obj(self.a, Report)
        for model, route, template in self.pages():
            if model is not Report or route in SAME_FOR_EVERY_ID:
                continue
            with self.subTest(route=route):
                response = self.client.get(self.url(template, report.pk))
                self.assertEqual(response.status_code, 200)


class ListPageTests(ScopeEverywhereTestCase):
    """Pages about many objects: lists, searches, add forms, imports, exports, dashboards."""

    def list_pages(self, persona):
        out = persona.outside[-1]
        rows = []
        for model, model_admin, _path in scoped_admins():
            opts = model._meta
            base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            _objects, list_routes = split_routes(model_admin)
            for route in list_routes:
                queries = [{}, *LIST_QUERIES.get(route, lambda out: [])(out)]
                rows.extend((model, route, base + route, q) for q in queries)
        for app in SCOPED_APPS:
            rows.append((None, "app index", reverse("admin:app_list", args=[app]), {}))
        rows.append((None, "index", reverse("admin:index"), {}))
        return rows

    def test_no_page_about_many_objects_names_a_unit_out_of_scope(self):
        failures, opened = [], 0
        for persona in self.personas:
            self.as_persona(persona)
            for _model, _route, url, query in self.list_pages(persona):
                response = self.client.get(url, query)
                if response.status_code == 200:
                    opened += 1
                leaked = self.leaked(persona, text_of(response), query.values())
                if leaked:
                    failures.append(f"{persona} GET {url} {query}: shows {leaked}")
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(opened, 100)

    def test_every_list_shows_exactly_the_objects_in_scope(self):
        failures = []
        for persona in self.personas:
            self.as_persona(persona)
            for model, model_admin, path in scoped_admins():
                if model in SUPERUSER_ONLY:
                    continue
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                response = self.client.get(url)
                if response.status_code == 403:
                    continue
                listed = {unit_of(o, path) for o in response.context["cl"].result_list}
                own = {
                    unit_of(o, path)
                    for o in model_admin.model._default_manager.all()
                    if unit_of(o, path) in persona.inside
                }
                if listed != own:
                    failures.append(
                        f"{persona} {opts.label}: lists "
                        f"{sorted(u.code for u in listed)}, "
                        f"expected {sorted(u.code for u in own)}"
                    )
        self.assertEqual(failures, [], "\n".join(failures))

    def test_exports_hold_only_objects_in_scope_even_when_asked_for_others(self):
        failures, exported = [], 0
        for persona in self.personas:
            self.as_persona(persona)
            for model, model_admin, _path in scoped_admins():
                opts = model._meta
                base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                if "export/" not in split_routes(model_admin)[1]:
                    continue
                page = self.client.get(base + "export/")
                if page.status_code != 200:
                    continue
                form = page.context["form"]
                csv = next(
                    i
                    for i, fmt in enumerate(model_admin.get_export_formats())
                    if fmt().get_title() == "csv"
                )
                data = {"format": str(csv), "resource": "0"}
                data.update(
                    {
                        name: "on"
                        for name, field in form.fields.items()
                        if isinstance(field, BooleanField)
                    }
                )
                outside = [self.obj(u, model).pk for u in persona.outside]
                expected = len(persona.inside)
                for extra, rows in (({}, expected), ({"export_items": outside}, 0)):
                    response = self.client.post(base + "export/", {**data, **extra})
                    exported += 1
                    text = text_of(response)
                    leaked = self.leaked(persona, text)
                    lines = text.splitlines()[1:]
                    if not response.get("Content-Type", "").startswith("text/csv"):
                        failures.append(f"{persona} {opts.label}: not exported")
                    elif leaked or len(lines) != rows:
                        failures.append(
                            f"{persona} {opts.label} {extra}: {len(lines)} rows, "
                            f"expected {rows} {leaked}"
                        )
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(exported, 10)

    def test_actions_on_objects_out_of_scope_do_nothing(self):
        before = snapshot(self.all_objects())
        failures, tried = [], 0
        request = RequestFactory().get("/admin/")
        for persona in self.personas:
            self.as_persona(persona)
            request.user = persona.user
            for model, model_admin, _path in scoped_admins():
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                pks = [self.obj(u, model).pk for u in persona.outside]
                for action in model_admin.get_actions(request):
                    tried += 1
                    response = self.client.post(
                        url,
                        {
                            "action": action,
                            "_selected_action": pks,
                            "post": "yes",
                            "select_across": "0",
                        },
                    )
                    leaked = self.leaked(persona, text_of(response))
                    if leaked:
                        failures.append(f"{persona} {opts.label} {action}: {leaked}")
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertEqual(stored(self.all_objects()), before)
        self.assertGreater(tried, 5)


class AutocompleteTests(ScopeEverywhereTestCase):
    def sources(self):
        """(app_label, model_name, field_name, target model) of every autocomplete field."""
        rows = []
        for model, model_admin in admin.site._registry.items():
            for field_name in model_admin.autocomplete_fields:
                target = model._meta.get_field(field_name).related_model
                rows.append(
                    (model._meta.app_label, model._meta.model_name, field_name, target)
                )
        return rows

    def test_autocomplete_offers_nothing_out_of_scope(self):
        failures, offered = [], 0
        for persona in self.personas:
            self.as_persona(persona)
            for app_label, model_name, field_name, target in self.sources():
                path = unit_path(target)
                terms = ["", *(u.code for u in persona.outside)]
                terms += [u.name for u in persona.outside]
                for term in terms:
                    response = self.client.get(
                        reverse("admin:autocomplete"),
                        {
                            "app_label": app_label,
                            "model_name": model_name,
                            "field_name": field_name,
                            "term": term,
                        },
                    )
                    where = f"{persona} {app_label}.{model_name}.{field_name} {term!r}"
                    if response.status_code == 403:
                        continue
                    if path is None:
                        failures.append(f"{where}: unscoped {target} offered")
                        continue
                    ids = [int(item["id"]) for item in response.json()["results"]]
                    units = {
                        unit_of(o, path)
                        for o in target._default_manager.filter(pk__in=ids)
                    }
                    outside = units - set(persona.inside)
                    if outside:
                        failures.append(
                            f"{where}: offers {sorted(u.code for u in outside)}"
                        )
                    if term == "" and persona.inside[0] in units:
                        offered += 1
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(offered, 0)

    def test_every_autocomplete_source_is_checked(self):
        self.assertEqual(
            {(a, m, f) for a, m, f, _t in self.sources()},
            {
                ("units", "unit", "parent"),
                ("units", "unitprofile", "unit"),
                ("units", "membership", "user"),
                ("units", "membership", "unit"),
                ("disclosure", "report", "unit"),
            },
        )


class FormChoiceTests(ScopeEverywhereTestCase):
    """Every choice of a related object offered on an add or change page is in scope."""

    def forms_of(self, response):
        context = response.context
        if context is None or "adminform" not in context:
            return []
        forms = [context["adminform"].form]
        for inline in context.get("inline_admin_formsets", []):
            forms.extend(inline.formset.forms)
            forms.append(inline.formset.empty_form)
        return forms

    def test_related_object_choices_are_limited_to_the_scope(self):
        failures, fields_checked = [], 0
        for persona in self.personas:
            self.as_persona(persona)
            for model, _model_admin, _path in scoped_admins():
                opts = model._meta
                obj = self.obj(persona.inside[0], model)
                urls = [
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[obj.pk],
                    ),
                ]
                for url in urls:
                    response = self.client.get(url)
                    if response.status_code != 200:
                        continue
                    for form in self.forms_of(response):
                        for name, field in form.fields.items():
                            if not isinstance(field, ModelChoiceField):
                                continue
                            if name == form._meta.model._meta.pk.name:
                                # An inline row's own id: Django edits only rows
                                # of the formset's queryset, whatever id is posted
                                # (test_an_inline_row_out_of_scope_cannot_be_taken_over).
                                continue
                            related = field.queryset.model
                            path = unit_path(related)
                            if path is None:
                                continue
                            fields_checked += 1
                            units = {unit_of(o, path) for o in field.queryset}
                            outside = units - set(persona.inside)
                            if outside:
                                failures.append(
                                    f"{persona} {url} {name}: offers "
                                    f"{sorted(u.code for u in outside)}"
                                )
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(fields_checked, 5)

    def test_an_object_out_of_scope_cannot_be_posted_as_a_choice(self):
        persona = self.personas[2]  # the accountant holding every permission
        self.as_persona(persona)
        before = {m: m._default_manager.count() for m, _a, _p in scoped_admins()}
        refused = 0
        for model, _model_admin, _path in scoped_admins():
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            response = self.client.get(url)
            if response.status_code != 200:
                continue
            form = response.context["adminform"].form
            for name, field in form.fields.items():
                if not isinstance(field, ModelChoiceField):
                    continue
                related = field.queryset.model
                if related not in OBJECT_MAKERS:
                    continue
                sibling = self.obj(self.b, related)
                response = self.client.post(url, {name: sibling.pk})
                with self.subTest(model=opts.label, field=name):
                    self.assertEqual(response.status_code, 200)
                    errors = response.context["adminform"].form.errors.as_data()
                    self.assertEqual(errors[name][0].code, "invalid_choice")
                    refused += 1
        self.assertGreaterEqual(refused, 4)
        self.assertEqual(
            {m: m._default_manager.count() for m, _a, _p in scoped_admins()}, before
        )


class ImportTests(ScopeEverywhereTestCase):
    """Flat-list imports name reports by unit code: one out of scope reads as missing."""

    def test_a_report_out_of_scope_reads_as_missing_in_every_import(self):
        failures, compared = [], 0
        before = snapshot(self.all_objects())
        for persona in self.personas:
            self.as_persona(persona)
            codes = [u.code for u in persona.outside] + ["QN9999"]
            for model, model_admin, _path in scoped_admins():
                opts = model._meta
                base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                if "import/" not in split_routes(model_admin)[1]:
                    continue
                page = self.client.get(base + "import/")
                if page.status_code == 403:
                    continue
                if model not in IMPORT_ROWS:
                    failures.append(f"{opts.label}: add a row to IMPORT_ROWS")
                    continue
                header, row = IMPORT_ROWS[model]
                content = "\n".join([header, *(row.format(code=c) for c in codes)])
                response = self.client.post(
                    base + "import/",
                    {
                        "resource": "0",
                        "format": "0",
                        "import_file": SimpleUploadedFile(
                            "lines.csv", content.encode(), "text/csv"
                        ),
                    },
                )
                where = f"{persona} {opts.label}"
                result = response.context["result"] if response.context else None
                if result is None:
                    failures.append(f"{where}: {response.status_code}, no result")
                    continue
                # Each row's messages, without its line number and unit code.
                messages = [
                    sorted(
                        re.sub(r"第 \d+ 行", "第 n 行", m).replace(code, "<code>")
                        for ms in invalid.error_dict.values()
                        for m in ms
                    )
                    for invalid, code in zip(result.invalid_rows, codes, strict=True)
                ]
                missing = messages[-1]
                for code, message in zip(codes, messages, strict=True):
                    compared += 1
                    if message != missing:
                        failures.append(f"{where} {code}: {message} ≠ {missing}")
                leaked = self.leaked(persona, text_of(response), codes)
                if leaked:
                    failures.append(f"{where}: shows {leaked}")
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(compared, 30)
        self.assertEqual(stored(self.all_objects()), before)


class InlineTests(ScopeEverywhereTestCase):
    def test_an_inline_row_out_of_scope_cannot_be_taken_over(self):
        """Posting another unit's row id in an inline edits nothing of that unit."""
        failures, attempts = [], 0
        for persona in self.personas[2], self.personas[3]:
            self.as_persona(persona)
            others = [o for u in persona.outside for o in self.objects[u.pk].values()]
            before = snapshot(others)
            for model, _model_admin, _path in scoped_admins():
                opts = model._meta
                obj = self.obj(persona.inside[0], model)
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                )
                response = self.client.get(url)
                if response.status_code != 200 or not response.context.get(
                    "inline_admin_formsets"
                ):
                    continue
                data = form_data(response)
                # The page as it is saves: so the posts below are refused
                # only for the foreign row ids.
                saved = self.client.post(url, data)
                if saved.status_code != 302:
                    failures.append(f"{persona} {opts.label}: the page does not save")
                    continue
                for unit in persona.outside:
                    # Every inline's first row pointed at the other unit's row.
                    hostile = dict(data)
                    for inline in response.context["inline_admin_formsets"]:
                        formset = inline.formset
                        if not formset.initial_form_count():
                            continue
                        foreign = self.obj(unit, formset.model)
                        key = f"{formset.prefix}-0-{formset.model._meta.pk.name}"
                        hostile[key] = foreign.pk
                        attempts += 1
                    self.client.post(url, hostile)
            if stored(others) != before:
                failures.append(f"{persona}: a row out of scope changed")
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(attempts, 20)
