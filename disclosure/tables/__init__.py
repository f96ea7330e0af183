"""The published tables (公开01表 …): definitions, builders and the Table value."""

from disclosure.tables.base import Table
from disclosure.tables.registry import build_tables

__all__ = ["Table", "build_tables"]
