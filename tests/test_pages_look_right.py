"""A few pages of the Juliaca dossier, rendered at low resolution, look as they did when reviewed.

The golden images in tests/golden/ were looked at by a person. Rendering differs slightly between
machines, so pages are compared within a tolerance; on a difference the expected, actual and
difference images are written beside the test's temporary folder. After an intended change,
`python -m pytest --update-golden` rewrites them: review the new images before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pdfread import render_page

from dossier.verify.pdf import read_pdf

GOLDEN = Path(__file__).parent / "golden" / "juliaca-2023"
DPI = 40
# (name, how to find the page)
PAGES = [("cover", lambda outline: 0), ("contents", lambda outline: 1),
         ("summary", lambda outline: outline["Executive summary"]),
         ("first-chart", lambda outline: outline["Casualties"]),
         ("appendix", lambda outline: outline["Source appendix"])]


@pytest.fixture(scope="module")
def pdf(juliaca_pdf) -> Path:
    return juliaca_pdf


@pytest.mark.parametrize("name,where", PAGES, ids=[p[0] for p in PAGES])
def test_page_matches_its_golden_image(pdf, name, where, request, tmp_path):
    outline = {title: page for _, title, page in read_pdf(pdf.read_bytes()).outline}
    actual = render_page(pdf, where(outline), DPI)
    golden = GOLDEN / f"{name}.png"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        actual.save(golden)
        pytest.skip(f"rewrote {golden}")
    assert golden.exists(), f"no golden image {golden}: run pytest --update-golden and review it"
    expected = Image.open(golden).convert("RGB")
    assert expected.size == actual.size, f"{name}: page size changed"
    diff = ImageChops.difference(expected, actual).convert("L")
    histogram = diff.histogram()
    pixels = expected.size[0] * expected.size[1]
    changed = sum(histogram[64:]) / pixels
    mean = sum(i * n for i, n in enumerate(histogram)) / pixels
    if changed > 0.004 or mean > 1.5:
        for label, image in (("expected", expected), ("actual", actual), ("diff", diff)):
            image.save(tmp_path / f"{name}-{label}.png")
        pytest.fail(f"{name}: {changed:.2%} of pixels differ (mean {mean:.2f}); see {tmp_path}")
