"""Schema operations shared by the apps' migrations."""

from django.db import migrations

from reporting.money import MAX_DIGITS, STORED_PLACES, AmountField


def widen_amount_columns(app_label: str) -> migrations.RunPython:
    """Give every amount column of `app_label` the stored precision (six decimals).

    AmountField's precision is a class default that migrations do not record,
    so a column made before the default changed keeps its old type. SQLite
    declares decimals without precision; PostgreSQL's numeric columns are
    altered in place, the values unchanged.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.local_concrete_fields:
                if isinstance(field, AmountField):
                    schema_editor.execute(
                        f"ALTER TABLE {quote(model._meta.db_table)} "
                        f"ALTER COLUMN {quote(field.column)} "
                        f"TYPE numeric({MAX_DIGITS}, {STORED_PLACES})"
                    )

    return migrations.RunPython(forwards, migrations.RunPython.noop)
