"""Draw the examples' pictures with Pillow, so that no photograph or seal has to be shipped from elsewhere.

    python examples/make_images.py

writes examples/jianbao-photos/photos/*.jpg (two activity "photos": drawn scenes, not
photographs), examples/wenjian/seal.png (an illustrative red seal on a transparent
ground, 42 mm across at 300 dpi), the two seals of examples/lianhe-wenjian and the
签名章 of examples/mingling (a square name stamp, 20 mm at 300 dpi). The output is the
same on every run.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent
FONT = ROOT.parent / "fonts" / "FandolSong-Bold.ttf"
RED = (230, 0, 18)


def scene(width: int, height: int, seed: int, sky: tuple[int, int, int], ground: tuple[int, int, int]) -> Image.Image:
    """A meeting outdoors, drawn: sky, hills, ground and a row of figures in front of a banner."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):  # the sky lightens towards the horizon
        t = y / (height / 2)
        draw.line([(0, y), (width, y)], fill=tuple(round(c + (255 - c) * t * 0.6) for c in sky))
    for hill in range(3):
        top = height * (0.35 + 0.06 * hill)
        shade = tuple(max(0, c - 30 * hill) for c in (90, 130, 90))
        points = [(x, top + math.sin(x / width * math.pi * (2 + hill) + seed) * height * 0.05)
                  for x in range(0, width + 20, 20)]
        draw.polygon(points + [(width, height), (0, height)], fill=shade)
    draw.rectangle([0, round(height * 0.62), width, height], fill=ground)
    banner = (round(width * 0.15), round(height * 0.3), round(width * 0.85), round(height * 0.42))
    draw.rectangle(banner, fill=RED)
    font = ImageFont.truetype(str(FONT), round(height * 0.07))
    draw.text(((banner[0] + banner[2]) / 2, (banner[1] + banner[3]) / 2), "人大代表在行动", fill=(255, 230, 120),
              font=font, anchor="mm")
    for n in range(9):
        x = width * (0.12 + 0.095 * n) + rng.uniform(-8, 8)
        base = height * 0.78 + rng.uniform(-10, 10)
        coat = rng.choice([(40, 50, 70), (60, 60, 60), (30, 70, 110), (120, 40, 40)])
        draw.rectangle([x - 18, base - 90, x + 18, base], fill=coat)
        draw.ellipse([x - 14, base - 122, x + 14, base - 92], fill=(235, 200, 170))
    return image


def seal(size: int, organ: str) -> Image.Image:
    """A round seal: a red ring, the organ's name along the top of it and a star in the middle."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = round(size * 0.035)
    draw.ellipse([ring, ring, size - ring, size - ring], outline=RED + (255,), width=ring)
    centre = size / 2
    star = [(centre + math.cos(math.radians(-90 + 36 * k)) * size * (0.17 if k % 2 == 0 else 0.07),
             centre + math.sin(math.radians(-90 + 36 * k)) * size * (0.17 if k % 2 == 0 else 0.07)) for k in range(10)]
    draw.polygon(star, fill=RED + (255,))
    font = ImageFont.truetype(str(FONT), round(size * 0.085))
    radius = size * 0.36
    sweep = 230  # degrees of the ring the name takes, centred at the top
    for index, char in enumerate(organ):
        angle = -90 - sweep / 2 + sweep * (index + 0.5) / len(organ)
        glyph = Image.new("RGBA", (round(size * 0.12), round(size * 0.12)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, fill=RED + (255,), font=font,
                                   anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = centre + math.cos(math.radians(angle)) * radius - glyph.width / 2
        y = centre + math.sin(math.radians(angle)) * radius - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))
    return image


def name_stamp(size: int, name: str) -> Image.Image:
    """A square 签名章: a red frame and the name in two columns, read from the right, 印 after a three-character name."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    frame = round(size * 0.05)
    draw.rectangle([frame // 2, frame // 2, size - frame // 2, size - frame // 2], outline=RED + (255,), width=frame)
    chars = (name + "印")[:4] if len(name) == 3 else name[:4]
    font = ImageFont.truetype(str(FONT), round(size * 0.38))
    cells = [(0.72, 0.28), (0.72, 0.72), (0.28, 0.28), (0.28, 0.72)]  # (x, y) of each character, right column first
    for char, (x, y) in zip(chars, cells):
        draw.text((size * x, size * y), char, fill=RED + (255,), font=font, anchor="mm")
    return image


def main() -> None:
    photos = ROOT / "jianbao-photos" / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    scene(1200, 800, 1, (120, 170, 220), (150, 140, 110)).save(photos / "sangzhi.jpg", quality=82, dpi=(150, 150))
    scene(900, 900, 2, (200, 190, 170), (120, 110, 90)).save(photos / "liuyang.jpg", quality=82, dpi=(150, 150))
    seal(496, "湖南省人大常委会选举任免联络工作委员会").save(ROOT / "wenjian" / "seal.png", dpi=(300, 300),
                                                     optimize=True)
    joint = ROOT / "lianhe-wenjian"
    joint.mkdir(exist_ok=True)
    seal(496, "中共湖南省委办公厅").save(joint / "seal-1.png", dpi=(300, 300), optimize=True)
    seal(496, "湖南省人民政府办公厅").save(joint / "seal-2.png", dpi=(300, 300), optimize=True)
    (ROOT / "mingling").mkdir(exist_ok=True)
    name_stamp(236, "王建国").save(ROOT / "mingling" / "stamp.png", dpi=(300, 300), optimize=True)


if __name__ == "__main__":
    main()
