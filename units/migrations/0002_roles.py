"""Role groups: 填报人 (unit accountant), 审核人 (supervisor), 系统管理员.

Model permissions only; which units a member reaches is decided by
Membership and the admin scoping mixin, not by these groups.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

FACT_MODELS = (
    "incomeline",
    "expenditureline",
    "fiscalexpenditureline",
    "basicexpenditureline",
    "balances",
    "threepublicexpenses",
    "assetholding",
    "procurement",
    "operatingexpense",
    "prioryearfigure",
    "reason",
)
REFERENCE_MODELS = ("fiscalyear", "functioncode", "economiccode")
UNIT_MODELS = ("unit", "unitprofile", "internalbody", "membership")

# group → app label → model → actions. None means every permission of both apps.
ROLES = {
    "填报人": {
        "disclosure": {
            # Status moves are service functions, so "change" never reaches status.
            "report": ("add", "change", "view"),
            **dict.fromkeys(FACT_MODELS, ALL),
            **dict.fromkeys(REFERENCE_MODELS, VIEW),
        },
        "units": {
            "unit": VIEW,
            "unitprofile": ("add", "change", "view"),
            "internalbody": ALL,
        },
    },
    "审核人": {
        "disclosure": {
            "report": VIEW,
            **dict.fromkeys(FACT_MODELS, VIEW),
            **dict.fromkeys(REFERENCE_MODELS, VIEW),
        },
        "units": {
            "unit": VIEW,
            "unitprofile": VIEW,
            "internalbody": VIEW,
        },
    },
    "系统管理员": None,
}
APPS = ("units", "disclosure")


def create_roles(apps, schema_editor):
    db = schema_editor.connection.alias
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so a fresh database gets complete groups.
    for label in APPS:
        create_permissions(
            global_apps.get_app_config(label), apps=apps, verbosity=0, using=db
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.using(db).get_or_create(name=name)
        if grants is None:
            perms = Permission.objects.using(db).filter(
                content_type__app_label__in=APPS
            )
        else:
            wanted = {
                (label, f"{action}_{model}")
                for label, models in grants.items()
                for model, actions in models.items()
                for action in actions
            }
            perms = [
                p
                for p in Permission.objects.using(db)
                .filter(content_type__app_label__in=APPS)
                .select_related("content_type")
                if (p.content_type.app_label, p.codename) in wanted
            ]
            missing = wanted - {(p.content_type.app_label, p.codename) for p in perms}
            if missing:
                raise RuntimeError(f"角色 {name} 所需权限不存在：{sorted(missing)}")
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=list(ROLES)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("disclosure", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
