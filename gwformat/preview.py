"""Page previews and visual diffs, rendered with pdfium (pypdfium2): no system packages needed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .atomic import write_atomically


def render_pages(pdf: bytes | str | Path, dpi: int = 60) -> list:
    """Each page of a PDF as a PIL image."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    except (pdfium.PdfiumError, FileNotFoundError) as exc:
        raise InputError(f"cannot render: {exc}", None if isinstance(pdf, bytes) else str(pdf)) from None
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def _png(image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def write_previews(pdf: bytes | str | Path, outdir: str | Path, dpi: int = 60, stem: str = "page") -> list[Path]:
    """Write page-01.png, page-02.png … into ``outdir``."""
    outdir = Path(outdir)
    return [write_atomically(outdir / f"{stem}-{n:02d}.png", _png(image))
            for n, image in enumerate(render_pages(pdf, dpi), start=1)]


@dataclass(frozen=True)
class Change:
    """A changed region of a page, in pixels of the diff images: (left, top, right, bottom)."""

    page: int
    box: tuple[int, int, int, int]


def visual_diff(a: bytes | str | Path, b: bytes | str | Path, outdir: str | Path | None = None,
                dpi: int = 60) -> list[Change]:
    """Regions where two PDFs' pages differ; with ``outdir``, images of ``b`` with the regions marked in red."""
    from PIL import Image, ImageChops, ImageDraw

    pages_a, pages_b = render_pages(a, dpi), render_pages(b, dpi)
    changes: list[Change] = []
    for n in range(max(len(pages_a), len(pages_b))):
        if n >= len(pages_a) or n >= len(pages_b):
            present = (pages_a if n < len(pages_a) else pages_b)[n]
            changes.append(Change(n + 1, (0, 0, present.width, present.height)))
            continue
        before, after = pages_a[n], pages_b[n]
        if before.size != after.size:
            after = after.resize(before.size)
        delta = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 32 else 0)
        boxes = _regions(delta)
        changes += [Change(n + 1, box) for box in boxes]
        if boxes and outdir is not None:
            marked = Image.blend(after, before, 0.3)
            draw = ImageDraw.Draw(marked)
            for box in boxes:
                draw.rectangle(box, outline=(230, 0, 18), width=2)
            write_atomically(Path(outdir) / f"diff-{n + 1:02d}.png", _png(marked))
    return changes


def _regions(mask, band: int = 12) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the changed pixels, one per horizontal band of changed rows."""
    width, height = mask.size
    rows = [y for y in range(height) if mask.crop((0, y, width, y + 1)).getbbox()]
    boxes: list[tuple[int, int, int, int]] = []
    start = previous = None
    for y in rows + [None]:
        if y is not None and previous is not None and y - previous <= band:
            previous = y
            continue
        if start is not None and previous is not None:
            box = mask.crop((0, start, width, previous + 1)).getbbox()
            if box:
                boxes.append((box[0], start + box[1], box[2], start + box[3]))
        start = previous = y
    return boxes
