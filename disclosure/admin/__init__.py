"""Admin for reference data, reports, entry grids and previews, one module each."""

from disclosure.admin import audit, codes, grids, preview, reports  # noqa: F401
