"""The report preview page: all 公开表 rendered from the facts."""


def preview_urls(model_admin) -> list:
    return []
