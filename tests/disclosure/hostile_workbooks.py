"""Hostile variants of a real report workbook, written straight into the zip.

Each takes the bytes of an exported workbook and returns new bytes; the sheet
XML is generated as text so that a million rows take a second, not an
openpyxl object per cell. Shared by the import tests and bench/import_bounds.py.
"""

import zipfile
from io import BytesIO

FIRST_SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)


def _rewrite(content: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The zip with some parts replaced (None: removed) or added."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in changes:
                continue
            target.writestr(info, source.read(info.filename))
        for name, data in changes.items():
            if data is not None:
                target.writestr(name, data)
    return out.getvalue()


def _sheet(content: bytes, name: str = FIRST_SHEET) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return archive.read(name).decode("utf-8")


def with_rows(content: bytes, rows: str, name: str = FIRST_SHEET) -> bytes:
    """`rows` (sheet XML) added at the end of a sheet's data."""
    xml = _sheet(content, name)
    xml = xml.replace("</sheetData>", rows + "</sheetData>", 1)
    return _rewrite(content, {name: xml.encode("utf-8")})


def xfd_cells(content: bytes) -> bytes:
    """Every row of the first sheet gets one more cell, in XFD, the last column Excel has."""
    xml = _sheet(content)
    parts = xml.split("</row>")
    for index in range(len(parts) - 1):
        number = parts[index][parts[index].rfind('<row r="') + 8 :].split('"', 1)[0]
        parts[index] += f'<c r="XFD{number}"><v>1</v></c>'
    return _rewrite(content, {FIRST_SHEET: "</row>".join(parts).encode("utf-8")})


def narrow_rows(content: bytes, count: int = 1_000_000) -> bytes:
    """`count` one-cell rows after the first sheet's table (rows without r, as the format allows)."""
    return with_rows(content, "<row><c><v>1</v></c></row>" * count)


def empty_rows(content: bytes, count: int = 5_000_000) -> bytes:
    """`count` empty rows: no cells to count, only the row bound stops them."""
    return with_rows(content, "<row/>" * count)


def long_text(content: bytes, megabytes: int = 50) -> bytes:
    """The first header cell of the first sheet (收入) followed by `megabytes` of text."""
    text = "长" * (megabytes * 1024 * 1024 // 3)
    xml = _sheet(content).replace("<t>收入</t>", f"<t>收入{text}</t>", 1)
    return _rewrite(content, {FIRST_SHEET: xml.encode("utf-8")})


def xfd_rows(content: bytes, count: int = 20_000) -> bytes:
    """`count` rows each holding a single cell in column XFD."""
    return with_rows(
        content, "".join(f'<row><c r="XFD{n}"><v>1</v></c></row>' for n in range(count))
    )


def wide_rows(content: bytes, rows: int = 2_000, cells: int = 1_000) -> bytes:
    """`rows` rows of `cells` cells each, right of every template column."""
    row = "".join(f"<c><v>{n % 10}</v></c>" for n in range(cells))
    # Column A is left empty so that the row is not mistaken for figures.
    first = '<c r="Z{r}"><v>1</v></c>'
    return with_rows(
        content,
        "".join(f"<row>{first.format(r=r)}{row}</row>" for r in range(rows)),
    )


def shared_strings(content: bytes, count: int) -> bytes:
    """A sharedStrings part of `count` distinct strings, declared so openpyxl reads it."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    types = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        "</Types>",
    )
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdHostile" Type="{SHARED_STRINGS_REL}" '
        'Target="sharedStrings.xml"/></Relationships>',
    )
    strings = "".join(f"<si><t>{n}</t></si>" for n in range(count))
    part = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">{strings}</sst>'
    )
    return _rewrite(
        content,
        {
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "xl/sharedStrings.xml": part.encode(),
        },
    )


def billion_laughs(content: bytes) -> bytes:
    """The first sheet preceded by the classic exponential entity declaration."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    xml = _sheet(content).replace(
        "<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1
    )
    xml = xml.replace(
        "<sheetData>",
        '<sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        1,
    )
    return _rewrite(content, {FIRST_SHEET: xml.encode("utf-8")})


def external_entity(content: bytes) -> bytes:
    """The first sheet reading /etc/passwd through an external entity (XXE)."""
    xml = _sheet(content).replace(
        "<worksheet",
        '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet',
        1,
    )
    return _rewrite(content, {FIRST_SHEET: xml.encode("utf-8")})


def malformed_sheet(content: bytes) -> bytes:
    """The first sheet cut off in the middle of its XML."""
    xml = _sheet(content)
    return _rewrite(content, {FIRST_SHEET: xml[: len(xml) // 2].encode("utf-8")})


def zip_bomb(content: bytes, megabytes: int = 200) -> bytes:
    """A sheet padded with `megabytes` of whitespace, a few hundred KB compressed."""
    xml = _sheet(content).replace(
        "</sheetData>", "</sheetData>" + " " * (megabytes * 1024 * 1024), 1
    )
    return _rewrite(content, {FIRST_SHEET: xml.encode("utf-8")})
