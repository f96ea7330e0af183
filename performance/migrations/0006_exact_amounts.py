from django.db import migrations

from reporting.schema import widen_amount_columns


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_text_length_checks"),
    ]

    operations = [widen_amount_columns("performance")]
