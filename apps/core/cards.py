"""Share cards: the 1200 by 630 PNG that link previews show (og:image), drawn with Pillow, and
the site's icon at every size a browser or phone asks for.

The static images are made from the same drawing code:
`python -m apps.core.cards` writes static/img/favicon.ico, apple-touch-icon.png,
icon-192.png and og-default.png."""

from __future__ import annotations

import io
import textwrap
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CARD_SIZE = (1200, 630)
INDIGO = (79, 70, 229)
INDIGO_DARK = (49, 46, 129)
VIOLET = (109, 40, 217)
PALE = (199, 210, 254)
WHITE = (255, 255, 255)
MARGIN = 72

# DejaVu ships with Debian (and Chromium pulls it in); Pillow's own font is the fallback.
_FONT_FILES = {
    True: ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
    False: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
}


@cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_FILES[bold]:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def dice_icon(size: int, *, inverted: bool = False) -> Image.Image:
    """The logo of static/img/favicon.svg: five white pips on an indigo rounded square (or
    indigo on white, to stand out on an indigo card)."""
    scale = 4  # drawn large and scaled down, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 32
    face, pip, middle = (WHITE, INDIGO, VIOLET) if inverted else (INDIGO, WHITE, PALE)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=8 * unit, fill=face)
    for (x, y), colour in zip(
        [(10, 10), (22, 10), (16, 16), (10, 22), (22, 22)], [pip, pip, middle, pip, pip], strict=True
    ):
        r = 2.6 * unit
        draw.ellipse((x * unit - r, y * unit - r, x * unit + r, y * unit + r), fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _fit(draw: ImageDraw.ImageDraw, text: str, *, size: int, bold: bool, width: int, lines: int) -> list[str]:
    """`text` wrapped to `width` pixels in at most `lines` lines, the last one cut with "…"."""
    font = _font(size, bold=bold)
    text = " ".join(text.split())
    if not text or lines < 1:
        return []
    # Start from a generous character count and narrow until every line fits.
    chars = max(8, int(width / (size * 0.45)))
    while True:
        wrapped = textwrap.wrap(text, width=chars, break_long_words=True) or [""]
        if all(draw.textlength(line, font=font) <= width for line in wrapped) or chars <= 8:
            break
        chars -= 2
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        wrapped[-1] = last.rstrip() + "…"
    return wrapped


def card_image(*, kicker: str, title: str, subtitle: str = "", footer: str = "") -> Image.Image:
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, INDIGO_DARK)
    draw = ImageDraw.Draw(image)
    # A diagonal-feeling vertical gradient, indigo to violet.
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(INDIGO, VIOLET, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    icon = dice_icon(64, inverted=True)
    image.paste(icon, (MARGIN, MARGIN - 12), icon)
    draw.text((MARGIN + 84, MARGIN), "DiceyTech", font=_font(40, bold=True), fill=WHITE)

    text_width = width - 2 * MARGIN
    footer_y = height - MARGIN - 28
    y = 176
    if kicker:
        for line in _fit(draw, kicker.upper(), size=26, bold=True, width=text_width, lines=1):
            draw.text((MARGIN, y), line, font=_font(26, bold=True), fill=PALE)
            y += 46
    for line in _fit(draw, title, size=56, bold=True, width=text_width, lines=3):
        draw.text((MARGIN, y), line, font=_font(56, bold=True), fill=WHITE)
        y += 68
    y += 10
    # The subtitle takes the room the title left above the footer.
    room = max(0, (footer_y - 20 - y) // 42)
    for line in _fit(draw, subtitle, size=30, bold=False, width=text_width, lines=min(2, room)):
        draw.text((MARGIN, y), line, font=_font(30), fill=PALE)
        y += 42
    if footer:
        for line in _fit(draw, footer, size=28, bold=False, width=text_width, lines=1):
            draw.text((MARGIN, footer_y), line, font=_font(28), fill=WHITE)
    return image


def card_png(*, kicker: str, title: str, subtitle: str = "", footer: str = "") -> bytes:
    out = io.BytesIO()
    card_image(kicker=kicker, title=title, subtitle=subtitle, footer=footer).save(out, "PNG", optimize=True)
    return out.getvalue()


def write_static_images(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    ico = folder / "favicon.ico"
    dice_icon(256).save(ico, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    written.append(ico)
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192)):
        path = folder / name
        # Phones draw their own rounded corners: the touch icon is a full square.
        square = Image.new("RGB", (size, size), INDIGO)
        square.paste(dice_icon(size), (0, 0), dice_icon(size))
        square.save(path, "PNG", optimize=True)
        written.append(path)
    og = folder / "og-default.png"
    card_image(
        kicker="Hackathons · Jobs · Events · Community",
        title="DiceyTech: a home for the tech community",
        subtitle="Build in hackathons, find a job, meet at OTEI, learn and share with developers.",
        footer="Ogbomoso and beyond",
    ).save(og, "PNG", optimize=True)
    written.append(og)
    return written


if __name__ == "__main__":
    for path in write_static_images(Path(__file__).resolve().parents[2] / "static" / "img"):
        print(path)
