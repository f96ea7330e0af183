"""The Chinese PDF font ships with the project: a fresh machine renders every PDF."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.test import SimpleTestCase, TestCase, override_settings

from disclosure.document import build_document
from disclosure.exports.pdf import render_report_pdf
from tests.scenarios import consistent_report

FONT_DIR = Path(settings.BASE_DIR) / "disclosure" / "fonts"


def default_font_path() -> Path:
    """PDF_FONT_PATH as a process without that variable (nor a .env entry) sees it."""
    env = {k: v for k, v in os.environ.items() if k != "PDF_FONT_PATH"}
    code = (
        "import environ; environ.Env.read_env = staticmethod(lambda *a, **k: None); "
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PDF_FONT_PATH)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def gb2312_hanzi() -> str:
    """The 6763 characters of GB 2312 (levels 1 and 2), the common Chinese set."""
    characters = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


class DefaultFontTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = default_font_path()

    def test_the_default_font_lies_in_the_project_or_its_virtualenv(self):
        path = self.path.resolve()
        inside = [
            root
            for root in (Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve())
            if path.is_relative_to(root)
        ]

        self.assertTrue(inside, f"默认 PDF 字体不在项目或虚拟环境中：{path}")
        self.assertTrue(path.is_file(), path)

    def test_the_font_has_truetype_outlines_and_covers_gb2312(self):
        from reportlab.pdfbase.ttfonts import TTFont

        # reportlab refuses CFF outlines ("postscript outlines are not supported").
        face = TTFont("DefaultFontTest", str(self.path)).face
        missing = [c for c in gb2312_hanzi() if ord(c) not in face.charToGlyph]

        self.assertEqual(len(gb2312_hanzi()), 6763)
        self.assertEqual(missing, [])
        for character in "〇０１２３４５６７８９％（）：；、，。—·￥※《》“”":
            self.assertIn(ord(character), face.charToGlyph, character)

    def test_the_licence_ships_beside_the_font(self):
        licence = (FONT_DIR / "OFL.txt").read_text()
        self.assertIn("SIL Open Font License", licence)
        self.assertTrue((FONT_DIR / "README.md").is_file())


@skipUnless(
    shutil.which("pdffonts") and shutil.which("pdftotext"), "poppler-utils 未安装"
)
class DefaultFontPdfTests(TestCase):
    def test_a_pdf_rendered_with_the_default_font_embeds_every_font(self):
        with override_settings(PDF_FONT_PATH=str(default_font_path())):
            content = render_report_pdf(build_document(consistent_report()))

        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "report.pdf"
            path.write_bytes(content)
            fonts = subprocess.run(
                ["pdffonts", path], capture_output=True, text=True, check=True
            ).stdout
            text = subprocess.run(
                ["pdftotext", path, "-"], capture_output=True, text=True, check=True
            ).stdout

        rows = fonts.splitlines()[2:]
        self.assertTrue(rows)
        for row in rows:
            # name, type, encoding, then the emb / sub / uni columns.
            self.assertEqual(row.split()[-5], "yes", row)
            self.assertIn("NotoSansSC", row)
        self.assertIn("收入支出决算总表", text.replace(" ", ""))
