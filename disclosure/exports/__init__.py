"""Renderers that write a report document to files: Excel, PDF, JSON and CSV."""
