from django.db import migrations

from reporting.schema import widen_amount_columns


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0013_code_crosswalk"),
    ]

    operations = [widen_amount_columns("disclosure")]
