"""A free text with a length limit that every write path obeys.

A TextField's max_length only limits the form. Free texts are printed in the
PDF and on public pages, so a 400,000-character 原因说明 made publishing time
out; here the limit is also a validator (full_clean, imports) and a column
CHECK (the shell, bulk writes). Limits are sized for real reports with ample
headroom; they live beside each field.

It lives in `units` because every other app depends on it.
"""

from django.core.validators import MaxLengthValidator
from django.db import models


class LimitedTextField(models.TextField):
    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def db_check(self, connection):
        # LENGTH counts characters on SQLite and PostgreSQL alike.
        return f'LENGTH("{self.column}") <= {self.max_length}'
