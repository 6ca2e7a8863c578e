"""Image files: read once, before layout, for what the layout and the writers need of them.

Only PNG and JPEG are taken, from inside the issue's folder. The bytes are kept as
they are (a JPEG is embedded without re-encoding), with the pixel size, the
resolution, the EXIF orientation and the colour mode read from the header.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

#: EXIF orientations that turn the picture a quarter, so that width and height change places.
_QUARTER_TURNS = {5, 6, 7, 8}
#: The resolution assumed for a file that records none: a photograph's usual 72 dpi would print it huge.
DEFAULT_DPI = 150.0


@dataclass(frozen=True)
class Picture:
    """An image file's bytes and what its header says, as it is to be shown (after its EXIF orientation)."""

    name: str
    data: bytes = field(repr=False)
    format: str  # "PNG" or "JPEG"
    pixels: tuple[int, int]  # as stored, before the orientation is applied
    dpi: tuple[float, float]
    orientation: int = 1
    mode: str = "RGB"

    @property
    def digest(self) -> str:
        """The content's hash: the same file used twice is one resource in every output."""
        return hashlib.sha256(self.data).hexdigest()[:16]

    @property
    def shown_size_pt(self) -> tuple[float, float]:
        """Width and height in points at the file's resolution, once the orientation is applied."""
        width, height = (self.pixels[0] * 72 / self.dpi[0], self.pixels[1] * 72 / self.dpi[1])
        return (height, width) if self.orientation in _QUARTER_TURNS else (width, height)


def read_picture(file: str, folder: Path, where: str) -> Picture:
    """The picture at ``file`` (relative to ``folder``); ``where`` names the field in any error."""
    from PIL import Image, UnidentifiedImageError

    path = (folder / file).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise InputError(f"image '{file}' is outside the issue's folder", where)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read image '{file}': {exc.strerror}", where) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise InputError(f"image '{file}' is {image.format}, expected PNG or JPEG", where)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            orientation = int(image.getexif().get(0x0112, 1))
            dpi = image.info.get("dpi") or (DEFAULT_DPI, DEFAULT_DPI)
            return Picture(path.name, data, str(image.format), image.size,
                           (float(dpi[0]) or DEFAULT_DPI, float(dpi[1]) or DEFAULT_DPI),
                           orientation if 1 <= orientation <= 8 else 1, image.mode)
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError):
        raise InputError(f"'{file}' is not a readable PNG or JPEG image", where) from None


#: Where the stored picture's top-left, top-right and bottom-left corners are shown, for each EXIF
#: orientation (1 as stored, 2 mirrored, 3 turned half round, 6 turned a quarter clockwise …).
SHOWN_CORNERS: dict[int, tuple[str, str, str]] = {
    1: ("TL", "TR", "BL"), 2: ("TR", "TL", "BR"), 3: ("BR", "BL", "TR"), 4: ("BL", "BR", "TL"),
    5: ("TL", "BL", "TR"), 6: ("TR", "BR", "TL"), 7: ("BR", "TR", "BL"), 8: ("BL", "TL", "BR"),
}


def unit_transform(orientation: int, y_up: bool) -> tuple[int, int, int, int, int, int]:
    """The affine map (a, b, c, d, e, f) of the image's unit square onto the unit box, as the picture is shown.

    ``y_up``: the axes of PDF, where an image's first stored row is at v = 1; else those of
    OFD, where it is at v = 0. A writer scales the result to the image's box.
    """
    box = ({"TL": (0, 1), "TR": (1, 1), "BL": (0, 0), "BR": (1, 0)} if y_up
           else {"TL": (0, 0), "TR": (1, 0), "BL": (0, 1), "BR": (1, 1)})
    tl, tr, bl = (box[name] for name in SHOWN_CORNERS.get(orientation, SHOWN_CORNERS[1]))
    origin, far = (bl, tl) if y_up else (tl, bl)  # the stored corners at v = 0 and v = 1, u = 0
    return tr[0] - tl[0], tr[1] - tl[1], far[0] - origin[0], far[1] - origin[1], origin[0], origin[1]
