"""The published tables (公开01表 …): definitions, builders and the Table value."""

from disclosure.tables.registry import build_tables
from reporting.table import Table

__all__ = ["Table", "build_tables"]
