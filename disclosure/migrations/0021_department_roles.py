"""Give the role groups their permissions on a 部门决算's composition and eliminations.

填报人 records them, as any fact of a report; 审核人 views them; 系统管理员 may
do everything. Which reports a member reaches is decided by the admin scoping.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("consolidationmember", "consolidationadjustment")
ROLES = {
    "填报人": ("add", "change", "delete", "view"),
    "审核人": ("view",),
    "系统管理员": ("add", "change", "delete", "view"),
}


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    # Permissions are normally created after all migrations (post_migrate).
    create_permissions(
        global_apps.get_app_config("disclosure"), apps=apps, verbosity=0, using=db
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group, _ = Group.objects.using(db).get_or_create(name=name)
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        perms = list(
            Permission.objects.using(db).filter(
                content_type__app_label="disclosure", codename__in=codenames
            )
        )
        if len(perms) != len(codenames):
            raise RuntimeError(f"角色 {name} 所需的部门决算权限不完整。")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.using(db).filter(
        content_type__app_label="disclosure",
        content_type__model__in=MODELS,
    )
    for group in Group.objects.using(db).filter(name__in=list(ROLES)):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0020_department_reports"),
        ("units", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
