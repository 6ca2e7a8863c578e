"""Pictures and the seal, read back from the PDF (pdfplumber, pikepdf, pdfium) and the OFD."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pdfplumber
import pikepdf
import pytest
import yaml
from PIL import Image

import gwformat
from conftest import ROOT, cli
from gwformat.writers.ofd import check_package

MM = 72 / 25.4
PHOTOS = ROOT / "examples" / "jianbao-photos" / "photos"
SEAL = ROOT / "examples" / "wenjian" / "seal.png"


def bulletin(*items: object, **article: object) -> dict:
    return {"name": "联络动态", "number": 1, "organ": "某机关", "date": "2021-01-01",
            "articles": [{"title": "标题", "paragraphs": list(items), **article}]}


def build(tmp_path: Path, data: dict, formats=("pdf",)) -> dict[str, Path]:
    source = tmp_path / "issue.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return gwformat.build(source, tmp_path / "out", formats=formats)


def picture(path: Path, size=(400, 200), mode="RGB", dpi=(100, 100), orientation: int | None = None,
            alpha=False) -> Path:
    """A picture with a red block in its stored top-left corner, so a reader can tell how it is turned."""
    image = Image.new("RGBA" if alpha else mode, size, (255, 255, 255, 0) if alpha else "white")
    image.paste((255, 0, 0, 255) if alpha else "red", (0, 0, size[0] // 4, size[1] // 4))
    if mode == "CMYK":
        image = Image.new("RGB", size, "white")
        image.paste("red", (0, 0, size[0] // 4, size[1] // 4))
        image = image.convert("CMYK")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if path.suffix == ".png":
        image.save(path, dpi=dpi)
    else:
        image.save(path, dpi=dpi, exif=exif.tobytes(), quality=90)
    return path


def images_of(pdf: Path, page: int = 0) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return list(document.pages[page].images)


def test_a_picture_has_its_size_and_place_within_half_a_millimetre(tmp_path):
    picture(tmp_path / "a.jpg", size=(600, 300))
    pdf = build(tmp_path, bulletin("前文。", {"image": {"file": "a.jpg", "width_mm": 120, "caption": "图为示例"}}))["pdf"]
    (image,) = images_of(pdf)
    assert abs(image["width"] / MM - 120) < 0.5 and abs(image["height"] / MM - 60) < 0.5
    assert abs(image["x0"] / MM - (28 + 18)) < 0.5  # centred in the 156 mm block
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if c["text"] in "图为示例"]
    assert chars and min(c["top"] for c in chars) > image["bottom"]  # the caption under it
    assert abs((min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2 - (image["x0"] + image["x1"]) / 2) < 1


def test_a_picture_is_never_wider_than_the_block_nor_taller_than_a_page(tmp_path):
    picture(tmp_path / "wide.jpg", size=(800, 200))
    picture(tmp_path / "tall.png", size=(100, 1000), dpi=(20, 20))
    pdf = build(tmp_path, bulletin("前文。", {"image": {"file": "wide.jpg", "width_mm": 300}},
                                   {"image": {"file": "tall.png", "caption": "说明"}}))["pdf"]
    with pdfplumber.open(pdf) as document:
        found = [i for p in document.pages for i in p.images]
    wide, tall = found
    assert abs(wide["width"] / MM - 156) < 0.5 and abs(wide["height"] / MM - 39) < 0.5
    assert tall["height"] / MM < 225 - 10 and abs(tall["width"] / tall["height"] - 0.1) < 0.01


def test_the_exif_orientation_is_honoured(tmp_path):
    picture(tmp_path / "turned.jpg", size=(400, 200), orientation=6)  # to be shown turned a quarter clockwise
    pdf = build(tmp_path, bulletin("前文。", {"image": {"file": "turned.jpg", "width_mm": 50}}))["pdf"]
    (image,) = images_of(pdf)
    assert abs(image["width"] / MM - 50) < 0.5 and abs(image["height"] / MM - 100) < 0.5
    import pypdfium2

    page = pypdfium2.PdfDocument(str(pdf))[0]
    bitmap = page.render(scale=1).to_pil().convert("RGB")
    def colour(fx: float, fy: float) -> tuple[int, int, int]:
        return bitmap.getpixel((round(image["x0"] + fx * image["width"]), round(image["top"] + fy * image["height"])))
    red = lambda c: c[0] > 200 and c[1] < 80 and c[2] < 80
    assert red(colour(0.9, 0.1))  # the stored top-left corner is shown at the top right
    assert not red(colour(0.1, 0.1)) and not red(colour(0.1, 0.9)) and not red(colour(0.9, 0.9))


def test_jpeg_goes_in_as_it_is_png_keeps_its_transparency_and_cmyk_works(tmp_path):
    jpeg = picture(tmp_path / "a.jpg")
    picture(tmp_path / "b.png", alpha=True)
    picture(tmp_path / "c.jpg", mode="CMYK")
    pdf = build(tmp_path, bulletin("前文。", *({"image": {"file": f, "width_mm": 60}} for f in ("a.jpg", "b.png", "c.jpg"))))["pdf"]
    with pikepdf.open(pdf) as document:
        xobjects = [o for o in document.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
                    and "/SMask" not in str(o.get("/Type", "")) and o.get("/Width") in (400,)]
        streams = {str(o.get("/ColorSpace")): o for o in xobjects if "/SMask" in o or o.get("/Filter") is not None}
        raw = [o.read_raw_bytes() for o in xobjects]
        assert jpeg.read_bytes() in raw  # the file's bytes, not re-encoded
        assert any("/SMask" in o for o in xobjects)  # the PNG's alpha as a soft mask
        assert "/DeviceCMYK" in streams


def test_the_same_file_used_twice_is_embedded_once(tmp_path):
    picture(tmp_path / "a.jpg")
    pdf = build(tmp_path, bulletin("前文。", {"image": {"file": "a.jpg"}}, "中间。", {"image": {"file": "a.jpg"}}))["pdf"]
    with pdfplumber.open(pdf) as document:
        assert sum(len(p.images) for p in document.pages) == 2
    with pikepdf.open(pdf) as document:
        assert sum(1 for o in document.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image") == 1


def test_a_figure_that_does_not_fit_moves_whole_and_the_text_follows_it(tmp_path):
    picture(tmp_path / "a.jpg", size=(400, 400))
    long = "这是一段用来填满页面的正文，" * 30
    pdf = build(tmp_path, bulletin(long, {"image": {"file": "a.jpg", "width_mm": 150, "caption": "图为示例"}},
                                   "图后的文字。"))["pdf"]
    with pdfplumber.open(pdf) as document:
        page = next(p for p in document.pages if p.images)
        (image,) = page.images
        text = page.extract_text()
        assert "图为示例" in text and "图后的文字" in text
        after = [c for c in page.chars if c["text"] == "图"][-1]
        assert after["top"] > image["bottom"]
        assert page.page_number > 1 and not document.pages[0].images


BAD = {
    "missing image": ({"image": {"file": "none.jpg"}}, "paragraphs[1].image.file", "cannot read image 'none.jpg'"),
    "not PNG or JPEG": ({"image": {"file": "a.gif"}}, "paragraphs[1].image.file", "is GIF, expected PNG or JPEG"),
    "outside the folder": ({"image": {"file": "../a.jpg"}}, "paragraphs[1].image.file", "outside the issue's folder"),
    "unreadable image": ({"image": {"file": "junk.jpg"}}, "paragraphs[1].image.file", "not a readable PNG or JPEG"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_image_is_one_line_with_its_place_exit_2_and_no_output(tmp_path, case):
    item, where, what = BAD[case]
    folder = tmp_path / "issue"
    folder.mkdir()
    Image.new("RGB", (10, 10)).save(folder / "a.gif")
    picture(tmp_path / "a.jpg")
    (folder / "junk.jpg").write_bytes(b"not an image at all")
    source = folder / "issue.yaml"
    source.write_text(yaml.safe_dump(bulletin("前文。", item), allow_unicode=True), encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{source}:" in lines[0] and where in lines[0] and what in lines[0], lines
    assert not (tmp_path / "out").exists()


WENJIAN = ROOT / "examples" / "wenjian" / "issue.yaml"
PHOTOS_ISSUE = ROOT / "examples" / "jianbao-photos" / "issue.yaml"


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> dict[str, Path]:
    """The wenjian example, sealed."""
    return gwformat.build(WENJIAN, tmp_path_factory.mktemp("sealed"), formats=("pdf", "docx", "ofd"))


def test_the_seal_is_centred_over_the_signature_and_its_top_within_a_line_of_the_text(sealed):
    with pdfplumber.open(sealed["pdf"]) as document:
        page = next(p for p in document.pages if p.images)
        (seal,) = page.images
        lines: dict[int, list[dict]] = {}
        for c in page.chars:
            lines.setdefault(round(c["bottom"]), []).append(c)
        rows = [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(lines.items())]
        texts = ["".join(c["text"] for c in row) for row in rows]
        organ = rows[texts.index("湖南省人大常委会选举任免联络工作委员会")]
        date = rows[texts.index("2021年3月15日")]
        above = rows[texts.index("2021年3月15日") - 2]  # the text before the blank rows (附件说明)
    assert abs(seal["width"] / MM - 42) < 0.5
    centre = (seal["x0"] + seal["x1"]) / 2
    assert abs(centre - (organ[0]["x0"] + organ[-1]["x1"]) / 2) < 1 * MM
    middle = (seal["top"] + seal["bottom"]) / 2
    assert middle < (organ[0]["top"] + date[0]["bottom"]) / 2  # 署名 and date a little below its centre
    assert 0 <= seal["top"] - max(c["bottom"] for c in above) < 29  # its top within a line of the text above


def test_the_ofd_holds_each_picture_once_as_a_resource(sealed):
    data = sealed["ofd"].read_bytes()
    assert check_package(data) == []
    package = zipfile.ZipFile(io.BytesIO(data))
    ns = {"ofd": "http://www.ofdspec.org/2016"}
    res = ET.fromstring(package.read("Doc_0/DocumentRes.xml"))
    (media,) = res.iterfind(".//ofd:MultiMedia", ns)
    assert package.read("Doc_0/Res/" + media.find("ofd:MediaFile", ns).text) == SEAL.read_bytes()
    objects = [o for name in package.namelist() if name.endswith("Content.xml")
               for o in ET.fromstring(package.read(name)).iterfind(".//ofd:ImageObject", ns)]
    assert [o.get("ResourceID") for o in objects] == [media.get("ID")]
    x, y, width, height = (float(v) for v in objects[0].get("Boundary").split())
    assert abs(width - 42) < 0.01


def test_pdfa_stays_valid_with_pictures(tmp_path, sealed):
    from pikepdf import pdfa

    from gwformat.writers.pdfa import render_pdfa

    path = tmp_path / "a.pdf"
    path.write_bytes(render_pdfa(gwformat.layout(gwformat.load_issue(PHOTOS_ISSUE))))
    assert pdfa.validate_written(path, "2b").passed


def test_the_docx_has_inline_pictures_and_the_seal_floating_behind_the_text(tmp_path, sealed):
    from docx import Document
    from docx.oxml.ns import qn

    built = gwformat.build(PHOTOS_ISSUE, tmp_path, formats=("docx",))["docx"]
    package = zipfile.ZipFile(built)
    media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
    assert [package.read(n) for n in media] == [(PHOTOS / f).read_bytes() for f in ("sangzhi.jpg", "liuyang.jpg")]
    body = Document(str(built)).element.body
    inline = body.findall(".//" + qn("wp:inline"))
    assert len(inline) == 2
    extent = inline[0].find(qn("wp:extent"))
    assert abs(int(extent.get("cx")) / 36000 - 120) < 0.5  # 120 mm, as in the PDF
    sealed_body = Document(str(sealed["docx"])).element.body
    (anchor,) = sealed_body.findall(".//" + qn("wp:anchor") + "[@behindDoc='1']")
    with pdfplumber.open(sealed["pdf"]) as document:
        (seal,) = next(p for p in document.pages if p.images).images
    x = int(anchor.find(qn("wp:positionH")).find(qn("wp:posOffset")).text) / 12700
    y = int(anchor.find(qn("wp:positionV")).find(qn("wp:posOffset")).text) / 12700
    assert abs(x - seal["x0"]) < 0.5 and abs(y - seal["top"]) < 0.5


def test_the_seals_size_is_the_kinds_templates_own(tmp_path):
    """The shipped kinds give 42 mm (templates/jianbao.yaml); a kind of one's own that gives 45 mm has a 45 mm seal."""
    from gwformat.kinds import find_kind

    assert find_kind("wenjian").seal.width_mm == 42
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "wide.yaml").write_text("extends: wenjian\nname: wide\ndescription: 直径45毫米的印章\n"
                                                  "seal:\n  width_mm: 45\n", encoding="utf-8")
    data = yaml.safe_load(WENJIAN.read_text(encoding="utf-8"))
    data["kind"] = "wide"
    (tmp_path / "seal.png").write_bytes(SEAL.read_bytes())
    source = tmp_path / "issue.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("build", str(source), "-o", str(tmp_path / "out"), "-f", "pdf", "--templates", str(tmp_path / "kinds"))
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(next((tmp_path / "out").glob("*.pdf"))) as document:
        (seal,) = next(p for p in document.pages if p.images).images
    assert abs(seal["width"] / MM - 45) < 0.1
