"""An image the PDFs cannot draw is reported at the line that names it."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli
from tests.tools import need


def test_a_photo_that_is_not_an_image_is_reported_at_its_line(write_root, tmp_path) -> None:
    need("pdfinfo")  # the PDF stack, as the other PDF tests need it
    root = write_root(
        {
            "personas/marco.yaml": "name: Marco\nrole: Titolare\nphoto: ../images/foto.jpg\n",
            "images/foto.jpg": "non è un'immagine",
            "bar.yaml": "title: Caffè\npersona: [marco]\nstages: [{name: Scoperta}]\n",
        }
    )
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "personas/marco.yaml:3:8: error: image "
        f"'{lines[0].split(chr(39))[1]}' cannot be read: it is not an image file"
    )
    assert lines[0].split("'")[1].endswith("images/foto.jpg")
    assert not (tmp_path / "out" / "site").exists()
