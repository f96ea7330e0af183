"""Give the role groups the workflow permissions: submit (填报人), review and publish (审核人)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "填报人": ("submit_report",),
    "审核人": ("review_report", "publish_report"),
    "系统管理员": ("submit_report", "review_report", "publish_report"),
}


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("disclosure"), apps=apps, verbosity=0, using=db)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="disclosure", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.using(db).filter(name=name):
            group.permissions.remove(
                *Permission.objects.using(db).filter(
                    content_type__app_label="disclosure", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_constraint_messages"),
        ("disclosure", "0006_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
