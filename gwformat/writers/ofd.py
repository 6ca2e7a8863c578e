"""The OFD writer (GB/T 33190-2016): the layout's glyphs and rules in the national fixed-layout format.

Like the PDF writer it draws only what the layout decided. Every line becomes
TextObjects, one per face, whose TextCode holds the text with the baseline
position and the distances between glyphs (DeltaX) in millimetres, so the text
stays extractable and every glyph is where the layout put it. Rules are
PathObjects. The faces used are embedded as subsets in the document's public
resources.

Coordinates: millimetres from the page's top-left corner; a TextObject's
Boundary is the page box, so TextCode X and Y are page positions.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..atomic import write_atomically
from ..fonts import load_face, subset_font
from ..layout.tree import MPT_PER_MM, Document, Image, Line, Page, Rule
from ..pictures import unit_transform
from .zipped import deterministic_zip

NS = "http://www.ofdspec.org/2016"
ET.register_namespace("ofd", NS)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _mm(value: float) -> str:
    text = f"{value / MPT_PER_MM:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _colour(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return " ".join(str(int(value[i:i + 2], 16)) for i in (0, 2, 4))


def _xml(element: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


class _Ids:
    def __init__(self) -> None:
        self.last = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def _text_objects(layer: ET.Element, line: Line, page_box: str, fonts: dict[str, str], ids: _Ids,
                  ctm: str | None = None) -> None:
    run: list = []
    for glyph in line.ink + (None,):
        if run and (glyph is None or glyph.face != run[0].face):
            obj = ET.SubElement(layer, _q("TextObject"), ID=ids.next(), Boundary=page_box,
                                Font=fonts[run[0].face], Size=_mm(line.size))
            if ctm is not None:
                obj.set("CTM", ctm)
            ET.SubElement(obj, _q("FillColor"), Value=_colour(line.color))
            code = ET.SubElement(obj, _q("TextCode"), X=_mm(run[0].x), Y=_mm(line.baseline))
            if len(run) > 1:
                code.set("DeltaX", " ".join(_mm(b.x - a.x) for a, b in zip(run, run[1:])))
            code.text = "".join(g.char for g in run)
            run = []
        if glyph is not None:
            run.append(glyph)


def _path_object(layer: ET.Element, rule: Rule, page_box: str, ids: _Ids, ctm: str | None = None) -> None:
    obj = ET.SubElement(layer, _q("PathObject"), ID=ids.next(), Boundary=page_box, LineWidth=_mm(rule.thickness),
                        Stroke="true", Fill="false")
    if ctm is not None:
        obj.set("CTM", ctm)
    ET.SubElement(obj, _q("StrokeColor"), Value=_colour(rule.color))
    ET.SubElement(obj, _q("AbbreviatedData")).text = (
        f"M {_mm(rule.x0)} {_mm(rule.y)} L {_mm(rule.x1)} {_mm(rule.y_end)}")


def _image_object(layer: ET.Element, image: Image, media: dict[str, str], ids: _Ids) -> None:
    """An ImageObject: the picture's unit square mapped onto its box (Boundary), turned as its EXIF says."""
    width, height = image.width / MPT_PER_MM, image.height / MPT_PER_MM
    a, b, c, d, e, f = unit_transform(image.picture.orientation, y_up=False)
    ctm = " ".join(_mm(v * MPT_PER_MM) for v in (a * width, b * height, c * width, d * height, e * width, f * height))
    ET.SubElement(layer, _q("ImageObject"), ID=ids.next(),
                  Boundary=f"{_mm(image.x)} {_mm(image.y)} {_mm(image.width)} {_mm(image.height)}", CTM=ctm,
                  ResourceID=media[image.picture.digest])


def _content(page: Page, fonts: dict[str, str], media: dict[str, str], ids: _Ids) -> bytes:
    root = ET.Element(_q("Page"))
    content = ET.SubElement(root, _q("Content"))
    layer = ET.SubElement(content, _q("Layer"), ID=ids.next())
    box = f"0 0 {_mm(page.width)} {_mm(page.height)}"
    # a 横排 page's objects are turned onto the sheet by their CTM (Page.turn, in mm), the folio is not
    a, b, c, d, e, f = page.turn
    ctm = " ".join([str(a), str(b), str(c), str(d), _mm(e), _mm(f)]) if page.landscape else None
    for image in page.images:  # under the rules and the text, as in the PDF
        _image_object(layer, image, media, ids)
    for rule in page.rules:
        _path_object(layer, rule, box, ids, ctm)
    for line in page.lines:
        _text_objects(layer, line, box, fonts, ids, ctm)
    if page.folio is not None:
        _text_objects(layer, page.folio, box, fonts, ids)
    return _xml(root)


def _font_name(face: str) -> str:
    """The name an OFD gives a face: its family, with Half for a half-width companion (FandolFangHalf).

    Readers match FontName against the embedded file's name and take words such as
    Regular as style suffixes, so the name carries none, and the file is named after it.
    """
    family, *rest = face.split("-")
    return family + ("Half" if rest and rest[-1] == "Half" else "") + ("Fallback" if "Fallback" in rest else "")


def _media(document: Document, ids: _Ids, files: dict[str, bytes]) -> dict[str, str]:
    """Each distinct picture once, as a MultiMedia resource of the document (DocumentRes.xml); its ID by digest."""
    pictures = {image.picture.digest: image.picture for page in document.pages for image in page.images}
    if not pictures:
        return {}
    res = ET.Element(_q("Res"), BaseLoc="Res")
    node = ET.SubElement(res, _q("MultiMedias"))
    media = {}
    for digest, picture in pictures.items():
        media[digest] = ids.next()
        suffix = "jpg" if picture.format == "JPEG" else "png"
        item = ET.SubElement(node, _q("MultiMedia"), ID=media[digest], Type="Image", Format=picture.format)
        ET.SubElement(item, _q("MediaFile")).text = f"Image_{digest}.{suffix}"
        files[f"Doc_0/Res/Image_{digest}.{suffix}"] = picture.data
    files["Doc_0/DocumentRes.xml"] = _xml(res)
    return media


def render_ofd(document: Document) -> bytes:
    """The OFD package of ``document`` as bytes."""
    ids = _Ids()
    used: dict[str, set[str]] = {}
    for page in document.pages:
        for line in page.all_lines:
            for glyph in line.ink:
                used.setdefault(glyph.face, set()).add(glyph.char)
    fonts = {face: ids.next() for face in sorted(used)}

    files: dict[str, bytes] = {}
    res = ET.Element(_q("Res"), BaseLoc="Res")
    font_list = ET.SubElement(res, _q("Fonts"))
    for face, font_id in fonts.items():
        info = load_face(face)
        name = _font_name(face)
        node = ET.SubElement(font_list, _q("Font"), ID=font_id, FontName=name, FamilyName=info.family)
        ET.SubElement(node, _q("FontFile")).text = f"{name}.ttf"
        files[f"Doc_0/Res/{name}.ttf"] = subset_font(info.path, "".join(sorted(used[face])))
    files["Doc_0/PublicRes.xml"] = _xml(res)
    media = _media(document, ids, files)

    first = document.pages[0]
    doc = ET.Element(_q("Document"))
    common = ET.SubElement(doc, _q("CommonData"))
    max_id = ET.SubElement(common, _q("MaxUnitID"))
    area = ET.SubElement(common, _q("PageArea"))
    ET.SubElement(area, _q("PhysicalBox")).text = f"0 0 {_mm(first.width)} {_mm(first.height)}"
    ET.SubElement(common, _q("PublicRes")).text = "PublicRes.xml"
    if media:
        ET.SubElement(common, _q("DocumentRes")).text = "DocumentRes.xml"
    pages = ET.SubElement(doc, _q("Pages"))
    for index, page in enumerate(document.pages):
        page_id = ids.next()
        ET.SubElement(pages, _q("Page"), ID=page_id, BaseLoc=f"Pages/Page_{index}/Content.xml")
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = _content(page, fonts, media, ids)
    max_id.text = str(ids.last)
    files["Doc_0/Document.xml"] = _xml(doc)

    ofd = ET.Element(_q("OFD"), Version="1.0", DocType="OFD")
    body = ET.SubElement(ofd, _q("DocBody"))
    doc_info = ET.SubElement(body, _q("DocInfo"))
    doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"gwformat:{document.title}:{document.date}").hex
    for tag, value in (("DocID", doc_id), ("Title", document.title), ("Author", document.author),
                       ("Subject", document.subject), ("CreationDate", document.date), ("Creator", "gwformat")):
        ET.SubElement(doc_info, _q(tag)).text = value
    if document.kind:  # the kind that made it, as the PDF's /GwformatKind
        custom = ET.SubElement(ET.SubElement(doc_info, _q("CustomDatas")), _q("CustomData"), Name="GwformatKind")
        custom.text = document.kind
    ET.SubElement(body, _q("DocRoot")).text = "Doc_0/Document.xml"
    files["OFD.xml"] = _xml(ofd)

    return deterministic_zip(files, first="OFD.xml")


def write_ofd(document: Document, path: str | Path) -> Path:
    """Write the OFD of ``document`` to ``path`` atomically; return the path."""
    return write_atomically(Path(path), render_ofd(document))


#: Required attributes of the elements this writer produces (GB/T 33190-2016).
_REQUIRED = {
    "Page": ("ID", "BaseLoc"),
    "Font": ("ID", "FontName"),
    "TextObject": ("ID", "Boundary", "Font", "Size"),
    "TextCode": ("X", "Y"),
    "PathObject": ("ID", "Boundary"),
    "ImageObject": ("ID", "Boundary", "ResourceID"),
    "Layer": ("ID",),
}


def check_package(data: bytes) -> list[str]:
    """Structural problems of an OFD package: missing parts, elements and attributes, dangling references."""
    problems: list[str] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["not a zip package"]
    names = set(package.namelist())

    def parse(name: str) -> ET.Element | None:
        if name not in names:
            problems.append(f"{name}: missing")
            return None
        try:
            return ET.fromstring(package.read(name))
        except ET.ParseError as exc:
            problems.append(f"{name}: not well-formed XML ({exc})")
            return None

    def need(element: ET.Element | None, path: str, part: str) -> ET.Element | None:
        found = element.find(path, {"ofd": NS}) if element is not None else None
        if element is not None and found is None:
            problems.append(f"{part}: no {path.replace('ofd:', '')}")
        return found

    ofd = parse("OFD.xml")
    root = need(need(ofd, "ofd:DocBody", "OFD.xml"), "ofd:DocRoot", "OFD.xml")
    if root is None or not root.text:
        return problems
    base = root.text.rsplit("/", 1)[0]
    document = parse(root.text)
    need(need(need(document, "ofd:CommonData", root.text), "ofd:PageArea", root.text), "ofd:PhysicalBox", root.text)
    ids: list[str] = []
    fonts: set[str] = set()
    public = need(need(document, "ofd:CommonData", root.text), "ofd:PublicRes", root.text)
    if public is not None:
        res = parse(f"{base}/{public.text}")
        if res is not None:
            for font in res.iter(_q("Font")):
                fonts.add(font.get("ID", ""))
                file = font.find(_q("FontFile"))
                if file is not None and f"{base}/{res.get('BaseLoc', '')}/{file.text}" not in names:
                    problems.append(f"font {font.get('ID')}: font file {file.text} missing")
    parts: list[tuple[str, ET.Element | None]] = [(root.text or "", document)] if document is not None else []
    for page in (document.iter(_q("Page")) if document is not None else ()):
        if page.get("BaseLoc"):
            parts.append((f"{base}/{page.get('BaseLoc')}", parse(f"{base}/{page.get('BaseLoc')}")))
    for name, part in parts:
        for element in (part.iter() if part is not None else ()):
            tag = element.tag.split("}")[-1]
            if element is part and name != root.text:
                continue  # a page's content part is rooted in an ofd:Page of its own, without ID
            for attribute in _REQUIRED.get(tag, ()):
                if not element.get(attribute):
                    problems.append(f"{name}: {tag} without {attribute}")
            if tag in ("Page", "TextObject", "PathObject", "ImageObject", "Layer") and element.get("ID"):
                ids.append(element.get("ID", ""))
            if tag == "TextObject" and element.get("Font") not in fonts:
                problems.append(f"{name}: TextObject {element.get('ID')} names font {element.get('Font')}, "
                                f"which PublicRes lacks")
    if len(ids) != len(set(ids)):
        problems.append("object IDs are not unique")
    return problems
