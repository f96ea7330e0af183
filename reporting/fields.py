"""A free text with a length limit that every write path obeys.

A TextField's max_length only limits the form. Free texts are printed in the
PDF and on public pages, so a 400,000-character 原因说明 made publishing time
out; here the limit is also a validator (full_clean, imports), and each
model adds a named CHECK for it (`length_check`) against the shell and bulk
writes. A field's own column check would do on a new table, but Django does
not add one when it alters an existing column, so the database of an
earlier version would go without. Limits are sized for real reports with
ample headroom; they live beside each field.

It is part of the reporting engine, on which every app builds.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class LimitedTextField(models.TextField):
    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def length_check(table: str, field: str, limit: int) -> models.CheckConstraint:
    """The database's own limit on a LimitedTextField (LENGTH counts characters)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=f"{table}_{field}_length",
        violation_error_message=f"不能超过 {limit} 个字。",
    )
