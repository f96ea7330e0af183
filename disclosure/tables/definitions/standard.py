"""Ways to derive a layout's table from the standard body of another layout.

Most tables keep the 财政部 standard body under a region's own number,
title and wording (docs/templates.md §8.2): only those change.
"""

from dataclasses import replace

from reporting.spec import TableDefinition


def renumbered(
    definition: TableDefinition, position: int, code: str, **changes
) -> TableDefinition:
    """`definition` as table `position` (1-based) of another layout, printed as `code`."""
    return replace(definition, key=f"t{position:02d}", code=code, **changes)


def worded(definition: TableDefinition, subject: str) -> TableDefinition:
    """Footnotes and 说明 saying `subject` ("部门") where the standard says 部门(单位)."""

    def say(text: str) -> str:
        return text.replace("部门(单位)", subject).replace("部门（单位）", subject)

    return replace(
        definition,
        footnotes=tuple(say(note) for note in definition.footnotes),
        empty_note=say(definition.empty_note),
    )
