"""Entry grids: one page per fact group of a report (rows are codes, columns are measures)."""


def grid_urls(model_admin) -> list:
    return []
