"""Text cells of the CSV and XLSX files the platform writes, safe to open in Excel or WPS.

A text cell beginning with = + - @, a tab or a carriage return is read by
spreadsheet programs as a formula (OWASP "CSV injection"): a unit name such
as =HYPERLINK("http://…") would run when a reader opens a download. Every
writer passes its text cells through `escape_formula`, which prefixes a
single quote, the mark spreadsheets use for "this is text"; numbers are not
text and stay numbers, and a text that is itself a plain number ("-12.50")
is left as it is. The importers read such a cell back through
`unescape_formula`, so an exported file imports to the same facts.

It lives in `units` because every other app depends on it.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")


def escape_formula(value):
    """A text that a spreadsheet would run as a formula, prefixed with '; anything else unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return QUOTE + value
    return value


def unescape_formula(value):
    """The text `escape_formula` was given, for a cell read back from an exported file."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:].startswith(FORMULA_TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value[1:])
    ):
        return value[1:]
    return value
