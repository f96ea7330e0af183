from django.db import migrations

from reporting.schema import widen_amount_columns


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0012_report_templates_as_data"),
    ]

    operations = [widen_amount_columns("disclosure")]
