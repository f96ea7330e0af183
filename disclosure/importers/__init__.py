"""Importers: a report workbook back into facts, and flat fact lists for the admin."""
