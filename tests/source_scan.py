"""Reading the project's own source in tests: what a module imports."""

import ast
from pathlib import Path


def imported_roots(path: Path) -> set[str]:
    """The top-level packages `path` imports (absolute imports only)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
    return roots
