"""ReportLab renderers for the learning brief and the annual overview.

``BriefRenderer(data).render() -> bytes`` and ``AnnualRenderer(data).render() -> bytes`` take
only the dataclasses of ``analysis.brief_data`` (never ORM objects), so they can run anywhere.

Safety of text: every string that reaches a ``Paragraph`` goes through :func:`para`, which
cleans it (control and formatting characters removed, glyphs the font lacks replaced, very long
tokens cut) and then escapes it with ``xml.sax.saxutils.escape``. Strings drawn in charts go
through :func:`clean_text` (charts do not parse markup).

Greyscale: the chart fills step through clearly different lightness, the "disagree" side is
hatched, and every segment carries its number.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from analysis.aggregate import Shown, complementary_note
from analysis.brief_data import (
    AnnualData,
    BriefData,
    CellData,
    LearningPointData,
    QuestionData,
    ThemeData,
    danish_date,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "BrDejaVu"
FONT_BOLD = "BrDejaVu-Bold"

PAGE_W, PAGE_H = A4
MARGIN = 20 * mm
TEXT_W = PAGE_W - 2 * MARGIN

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#4a4a4a")
ACCENT = colors.HexColor("#003a63")
RULE = colors.HexColor("#767676")
SOFT = colors.HexColor("#f0f3f6")

# Fills for Likert 1–5 and "ved ikke": lightness ≈ 17 %, 60 %, 88 %, 75 %, 38 %, 100 %.
LIKERT_FILL = {
    "1": colors.HexColor("#5c1a00"),
    "2": colors.HexColor("#d9825b"),
    "3": colors.HexColor("#e0e0e0"),
    "4": colors.HexColor("#9ecae1"),
    "5": colors.HexColor("#2b6cb0"),
    "vi": colors.white,
}
LIKERT_HATCH = {"1", "2"}  # the disagreeing side is hatched, so it survives greyscale
CATEGORY_FILL = (
    colors.HexColor("#2b6cb0"), colors.HexColor("#d9825b"), colors.HexColor("#e0e0e0"),
    colors.HexColor("#5c1a00"), colors.HexColor("#9ecae1"), colors.white,
)
HIDDEN_FILL = colors.white
BAR_FILL = colors.HexColor("#9ecae1")
NEG_FILL = colors.HexColor("#5c1a00")

MAX_TOKEN = 60
MAX_TEXT = 1500
PRELIMINARY_WORD = "Foreløbig"

RATE_NOTE = (
    "Svarprocent: besvarelser via link eller kode (web) i procent af inviterede. Interview- og "
    "papirsvar tæller med i besvarelserne, men ikke i svarprocenten, fordi de ikke kommer fra "
    "en invitation. Uden invitationer står der »–«."
)
OTHER_QUOTES_TITLE = "Andre citater"
OTHER_QUOTES_INTRO = (
    "Godkendte citater, som ikke står under et tema eller et fokusspørgsmål ovenfor – fx svar "
    "uden tema."
)


def more_quotes_text(more: int) -> str:
    noun = "godkendt citat" if more == 1 else "godkendte citater"
    return f"Der er {more} {noun} mere, som ikke er vist her."


# --------------------------------------------------------------------------- fonts & text


@lru_cache(maxsize=1)
def _fonts() -> frozenset[int]:
    """Register the shipped DejaVu fonts once; returns the code points both can draw."""
    regular = TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf"))
    bold = TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    return frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)


_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def clean_text(value: object, max_len: int = MAX_TEXT) -> str:
    """Plain text the font can draw: no control/format characters, no endless tokens."""
    text = value if isinstance(value, str) else str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → "?"
    text = unicodedata.normalize("NFC", text)
    if len(text) > max_len * 2:
        text = text[: max_len * 2]
    glyphs = _fonts()
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            if ch == "\t":
                out.append(" ")
            continue
        out.append(ch if ord(ch) in glyphs else "\ufffd")
    text = _SPACES.sub(" ", "".join(out))
    text = _LONG_TOKEN.sub(lambda m: m.group(0)[:MAX_TOKEN] + "…", text)
    if len(text) > max_len:
        text = text[:max_len].rstrip() + " …"
    return text.strip()


def para(value: object, max_len: int = MAX_TEXT) -> str:
    """Escaped Paragraph markup for any (untrusted) text; newlines become line breaks."""
    return escape(clean_text(value, max_len)).replace("\n", "<br/>")


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cover_title: ParagraphStyle
    cover_sub: ParagraphStyle
    quote: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    banner: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    _fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK,
                          spaceAfter=6)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED,
                             spaceAfter=4),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23,
                          textColor=ACCENT, spaceBefore=4, spaceAfter=10),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17,
                          textColor=ACCENT, spaceBefore=10, spaceAfter=6),
        h3=ParagraphStyle("h3", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                          spaceBefore=6, spaceAfter=3),
        cover_title=ParagraphStyle("cover_title", parent=body, fontName=FONT_BOLD, fontSize=30,
                                   leading=36, textColor=ACCENT, spaceAfter=14),
        cover_sub=ParagraphStyle("cover_sub", parent=body, fontSize=14, leading=20, spaceAfter=6),
        quote=ParagraphStyle("quote", parent=body, fontSize=9.5, leading=13.5, leftIndent=10,
                             borderPadding=(4, 6, 4, 8), backColor=SOFT, spaceBefore=4,
                             spaceAfter=8),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=9,
                                 leading=12, spaceAfter=0),
        # Column headers wrap only between words; column widths come from ``fitted_widths``.
        cell_head=ParagraphStyle("cell_head", parent=body, fontName=FONT_BOLD, fontSize=8,
                                 leading=10.5, spaceAfter=0, splitLongWords=0),
        banner=ParagraphStyle("banner", parent=body, fontName=FONT_BOLD, fontSize=9.5,
                              leading=12, alignment=TA_CENTER, spaceAfter=0),
    )


def P(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A Paragraph of *trusted markup* (our own strings with escaped values inside)."""
    return Paragraph(text, style or styles().body)


def T(value: object, style: ParagraphStyle | None = None, max_len: int = MAX_TEXT) -> Paragraph:
    """A Paragraph of untrusted text: cleaned and escaped."""
    return Paragraph(para(value, max_len), style or styles().body)


CELL_SIDE_PADDING = 4
CELL_PADDING = 2 * CELL_SIDE_PADDING + 2  # left + right padding, and a little air


def fitted_widths(rows: Sequence[Sequence[Any]], total: float, flex: int | None = 0,
                  header: bool = True) -> list[float]:
    """Column widths in which no word of any cell has to be split.

    Each column gets the width of its longest word (headers in the header style); what is
    left goes to the ``flex`` column (or is shared evenly when ``flex`` is None). Only if even
    the words do not fit are all columns scaled down together.
    """
    st = styles()
    columns = max(len(row) for row in rows)
    need = [0.0] * columns
    for r, row in enumerate(rows):
        style = st.cell_head if header and r == 0 else st.cell
        for j, cell in enumerate(row):
            if isinstance(cell, Flowable):
                continue
            words = clean_text(cell).split() or [""]
            widest = max(pdfmetrics.stringWidth(w, style.fontName, style.fontSize)
                         for w in words)
            need[j] = max(need[j], widest + CELL_PADDING)
    spare = total - sum(need)
    if spare < 0:
        return [w * total / sum(need) for w in need]
    if flex is None:
        return [w + spare / columns for w in need]
    need[flex] += spare
    return need


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float], header: bool = True,
          align_right_from: int | None = None) -> Table:
    st = styles()
    data = [
        [
            cell if isinstance(cell, Flowable) else
            T(cell, st.cell_head if header and r == 0 else st.cell)
            for cell in row
        ]
        for r, row in enumerate(rows)
    ]
    result = Table(data, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), SOFT), ("LINEBELOW", (0, 0), (-1, 0), 1, INK)]
    result.setStyle(TableStyle(commands))
    return result


# --------------------------------------------------------------------------- chart helpers


def _lum(colour: colors.Color) -> float:
    return 0.3 * colour.red + 0.59 * colour.green + 0.11 * colour.blue


def _hatch(d: Drawing, x: float, y: float, w: float, h: float, colour: colors.Color,
           spacing: float = 4.0, cross: bool = False) -> None:
    """Diagonal lines inside a rectangle (computed, no clipping needed)."""
    if w <= 0 or h <= 0:
        return
    offset = -h
    while offset < w:
        x0, y0 = x + max(offset, 0), y + max(-offset, 0)
        x1 = x + min(offset + h, w)
        y1 = y + (x1 - x - offset)
        d.add(Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=0.6))
        if cross:
            d.add(Line(x0, y + h - (y0 - y), x1, y + h - (y1 - y), strokeColor=colour,
                       strokeWidth=0.6))
        offset += spacing


def _segment(d: Drawing, x: float, y: float, w: float, h: float, fill: colors.Color,
             hatch: bool, label: str, hidden: bool = False) -> None:
    d.add(Rect(x, y, w, h, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
    text_colour = colors.white if _lum(fill) < 0.5 else INK
    if hatch:
        _hatch(d, x, y, w, h, colors.white if _lum(fill) < 0.5 else INK)
    if hidden:
        _hatch(d, x, y, w, h, colors.HexColor("#9a9a9a"), spacing=5, cross=True)
    if label and w >= 8 + len(label) * 4.6:
        if hatch or hidden:  # a small plate under the number keeps it readable on hatching
            tw = pdfmetrics.stringWidth(label, FONT_BOLD, 8)
            plate = colors.white if text_colour == INK else fill
            d.add(Rect(x + w / 2 - tw / 2 - 2, y + h / 2 - 5, tw + 4, 10, fillColor=plate,
                       strokeColor=None))
        d.add(String(x + w / 2, y + h / 2 - 3, label, fontName=FONT_BOLD, fontSize=8,
                     fillColor=text_colour, textAnchor="middle"))


def distribution_chart(question: QuestionData, k: int, width: float = TEXT_W) -> list[Flowable]:
    """One stacked horizontal bar: shown cells at their share, hidden cells merged at the end.

    Returns plain flowables (no KeepTogether: callers keep them together with the heading).
    """
    st = styles()
    total = question.n
    if total.suppressed or not total.value:
        text = (f"Færre end {k} svar – fordelingen vises ikke (småtalsreglen)."
                if total.suppressed else "Ingen svar endnu.")
        return [P(f"<i>{escape(text)}</i>", st.small)]
    h = 16.0
    d = Drawing(width, h + 2)
    x = 0.0
    hidden_share = 100.0
    likert = question.kind == "likert"
    for i, cell in enumerate(question.cells):
        if cell.count.suppressed or cell.share.visible is None:
            continue
        share = cell.share.visible
        hidden_share -= share
        w = width * share / 100
        if w <= 0:
            continue
        fill = LIKERT_FILL.get(cell.code, colors.white) if likert else CATEGORY_FILL[i % 6]
        _segment(d, x, 1, w, h, fill, likert and cell.code in LIKERT_HATCH, cell.share.text())
        x += w
    if any(c.count.suppressed for c in question.cells) and hidden_share > 0.01:
        w = max(width - x, 0)
        _segment(d, x, 1, w, h, HIDDEN_FILL, False, "skjult", hidden=True)
    parts = [
        f"{c.label} {c.count.text()}" if c.count.suppressed
        else f"{c.label} {c.share.text()} ({c.count.text()})"
        for c in question.cells
    ]
    caption = " · ".join(parts)
    meta = f"Svar: {total.text()}"
    if question.mean is not None:
        meta += f" · gennemsnit (1–5, uden »ved ikke«): {question.mean.text()}"
    out: list[Flowable] = [d, Spacer(1, 2), T(caption, st.small), T(meta, st.small)]
    if any(c.count.secondary for c in question.cells):
        out.append(T(complementary_note(k), st.small))
    return out


def likert_legend(k: int, width: float = TEXT_W) -> Drawing:
    labels = [("1", "Helt uenig"), ("2", "Uenig"), ("3", "Hverken/eller"), ("4", "Enig"),
              ("5", "Helt enig"), ("vi", "Ved ikke")]
    d = Drawing(width, 30)
    x = 0.0
    for code, label in labels:
        d.add(Rect(x, 16, 12, 10, fillColor=LIKERT_FILL[code], strokeColor=INK, strokeWidth=0.5))
        if code in LIKERT_HATCH:
            _hatch(d, x, 16, 12, 10, colors.white if code == "1" else INK, spacing=3.5)
        d.add(String(x + 16, 18, label, fontName=FONT, fontSize=8, fillColor=INK))
        x += 16 + pdfmetrics.stringWidth(label, FONT, 8) + 12
    d.add(Rect(0, 1, 12, 10, fillColor=HIDDEN_FILL, strokeColor=INK, strokeWidth=0.5))
    _hatch(d, 0, 1, 12, 10, colors.HexColor("#9a9a9a"), spacing=3.5, cross=True)
    d.add(String(16, 3, f"Skjult af småtalsreglen (færre end {k} svar i en kategori, eller skjult "
                        "for at beskytte en lille gruppe)", fontName=FONT, fontSize=8,
                 fillColor=INK))
    return d


def value_bars(rows: Sequence[tuple[str, Shown, colors.Color]], scale_max: float,
               width: float = TEXT_W, label_w: float = 150, unit: str = "") -> Drawing:
    """Horizontal bars with the value printed at the end; hidden values get no bar."""
    bar_h, gap = 13.0, 6.0
    height = len(rows) * (bar_h + gap) + 4
    d = Drawing(width, height)
    area = width - label_w - 80
    y = height - bar_h - 2
    for label, shown, fill in rows:
        d.add(String(0, y + 3.5, clean_text(label, 40), fontName=FONT, fontSize=8.5,
                     fillColor=INK))
        value = shown.visible
        text = shown.text() + unit if value is not None else shown.text()
        if value is not None and scale_max > 0:
            w = max(area * min(value, scale_max) / scale_max, 0.5)
            d.add(Rect(label_w, y, w, bar_h, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
            d.add(String(label_w + w + 4, y + 3.5, text, fontName=FONT_BOLD, fontSize=8.5,
                         fillColor=INK))
        else:
            d.add(String(label_w, y + 3.5, text, fontName=FONT, fontSize=8.5, fillColor=MUTED))
        y -= bar_h + gap
    return d


def theme_chart(themes: Sequence[ThemeData], width: float = TEXT_W) -> Drawing:
    """Mentions per theme; the negative part of each bar is dark and hatched."""
    bar_h, gap, label_w = 14.0, 7.0, 130.0
    height = len(themes) * (bar_h + gap) + 30
    d = Drawing(width, height)
    area = width - label_w - 150
    shown_max = max((t.mentions.visible or 0.0 for t in themes), default=0.0)
    y = height - bar_h - 2
    for t in themes:
        d.add(String(0, y + 4, clean_text(t.label, 30), fontName=FONT, fontSize=8.5,
                     fillColor=INK))
        mentions = t.mentions.visible
        if mentions is not None and shown_max > 0:
            w = max(area * mentions / shown_max, 0.5)
            d.add(Rect(label_w, y, w, bar_h, fillColor=BAR_FILL, strokeColor=INK,
                       strokeWidth=0.5))
            share = t.negative_share.visible
            if share is not None and share > 0:
                nw = w * share / 100
                d.add(Rect(label_w, y, nw, bar_h, fillColor=NEG_FILL, strokeColor=INK,
                           strokeWidth=0.5))
                _hatch(d, label_w, y, nw, bar_h, colors.white)
            text = f"{t.mentions.text()} · negative: {t.negative_share.text()}"
            d.add(String(label_w + w + 4, y + 4, text, fontName=FONT, fontSize=8,
                         fillColor=INK))
        else:
            d.add(String(label_w, y + 4, f"{t.mentions.text()} omtaler", fontName=FONT,
                         fontSize=8, fillColor=MUTED))
        y -= bar_h + gap
    # legend
    d.add(Rect(0, 2, 12, 10, fillColor=BAR_FILL, strokeColor=INK, strokeWidth=0.5))
    d.add(String(16, 4, "Omtaler i alt", fontName=FONT, fontSize=8, fillColor=INK))
    d.add(Rect(100, 2, 12, 10, fillColor=NEG_FILL, strokeColor=INK, strokeWidth=0.5))
    _hatch(d, 100, 2, 12, 10, colors.white, spacing=3.5)
    d.add(String(116, 4, "Heraf negative", fontName=FONT, fontSize=8, fillColor=INK))
    return d


# --------------------------------------------------------------------------- document frame


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers pages so that every footer can say "Side x af y"."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_W - MARGIN, 10 * mm, f"Side {self._pageNumber} af {total}")
            self.drawString(MARGIN, 10 * mm, self.footer_left)
            super().showPage()
        super().save()


def _canvas_maker(footer_left: str) -> Callable[..., rl_canvas.Canvas]:
    class Maker(_NumberedCanvas):
        pass

    Maker.footer_left = clean_text(footer_left, 120)
    return Maker


class _Renderer:
    """Shared page frame: header, footer, "Foreløbig" watermark and banner."""

    title = ""
    header_text = ""
    footer_text = ""
    preliminary = False
    preliminary_note = ""

    def _on_page(self, canvas: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if self.preliminary:
            canvas.setFillColor(colors.Color(0, 0, 0, alpha=0.07))
            canvas.setFont(FONT_BOLD, 88)
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -30, PRELIMINARY_WORD.upper())
            canvas.rotate(-50)
            canvas.translate(-PAGE_W / 2, -PAGE_H / 2)
            canvas.setFillColor(colors.HexColor("#fff4cc"))
            canvas.setStrokeColor(INK)
            canvas.rect(MARGIN, PAGE_H - 15 * mm, TEXT_W, 8 * mm, fill=1, stroke=1)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawCentredString(PAGE_W / 2, PAGE_H - 12 * mm, clean_text(
                f"{PRELIMINARY_WORD}: {self.preliminary_note}", 140))
        elif doc.page > 1:
            canvas.setFont(FONT, 8)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGIN, PAGE_H - 12 * mm, self.header_text)
        if doc.page > 1 or self.preliminary:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.4)
            canvas.line(MARGIN, PAGE_H - 16 * mm, PAGE_W - MARGIN, PAGE_H - 16 * mm)
        canvas.line(MARGIN, 14 * mm, PAGE_W - MARGIN, 14 * mm)
        canvas.restoreState()

    def _build(self, story: list[Flowable]) -> bytes:
        _fonts()
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 2 * mm, bottomMargin=MARGIN, title=clean_text(self.title, 200),
            author=clean_text(self.footer_text, 200), subject="Læringsbrief", lang="da-DK",
            creator="Borgerrejse",
        )
        frame = Frame(MARGIN, MARGIN, TEXT_W, PAGE_H - 2 * MARGIN - 2 * mm, id="main",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        doc.build(story, canvasmaker=_canvas_maker(self.footer_text))
        return buffer.getvalue()


def _bullets(text: str) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    for line in clean_text(text, 2500).split("\n"):
        line = line.strip()
        if not line:
            continue
        if line[:1] in "-•*":
            out.append(P(f"•&nbsp;&nbsp;{escape(line[1:].strip())}",
                         ParagraphStyle("b", parent=st.body, leftIndent=12, firstLineIndent=-10)))
        else:
            out.append(P(escape(line), st.body))
    return out


# --------------------------------------------------------------------------- the brief


class BriefRenderer(_Renderer):
    """The learning brief of one round as PDF bytes (Danish, A4)."""

    def __init__(self, data: BriefData) -> None:
        self.data = data
        self.title = f"Læringsbrief – {data.centre_name}"
        self.header_text = clean_text(
            f"Borgerrejse — læringsbrief · {data.centre_name} · {data.period_text}", 120)
        self.footer_text = f"{data.municipality} · Borgerrådgiveren"
        self.preliminary = data.preliminary
        self.preliminary_note = (
            "borgerrejsen er ikke lukket endnu. Tallene kan ændre sig.")

    def render(self) -> bytes:
        return self._build(self.story())

    # ---- sections
    def story(self) -> list[Flowable]:
        s: list[Flowable] = []
        s += self.cover()
        s += [PageBreak()] + self.hovedpunkter()
        s += [PageBreak()] + self.participation()
        s += [PageBreak()] + self.standard_questions()
        s += [PageBreak()] + self.themes()
        s += [CondPageBreak(90 * mm)] + self.focus()
        s += [CondPageBreak(90 * mm)] + self.learning_points()
        s += [CondPageBreak(110 * mm)] + self.method()
        return s

    def cover(self) -> list[Flowable]:
        d, st = self.data, styles()
        out: list[Flowable] = [Spacer(1, 45 * mm)]
        out.append(P("Borgerrejse — læringsbrief", st.cover_title))
        out.append(T(d.centre_name, st.cover_sub))
        out.append(T(d.title, st.body))
        out.append(Spacer(1, 6 * mm))
        rows = [
            ["Periode", d.period_text],
            ["Status", d.state_label],
            ["Dato for briefen", danish_date(d.generated_on)],
            ["Udarbejdet af", f"Borgerrådgiveren, {d.municipality}"],
        ]
        out.append(table(rows, [45 * mm, TEXT_W - 45 * mm], header=False))
        if d.preliminary:
            out.append(Spacer(1, 8 * mm))
            out.append(P(f"<b>{PRELIMINARY_WORD} udgave.</b> Borgerrejsen er ikke lukket, så "
                         "der kan komme flere svar, og tallene kan ændre sig.", st.body))
        out.append(Spacer(1, 20 * mm))
        out.append(P("Briefen bygger på anonyme svar. Citater er anonymiseret og godkendt af "
                     f"borgerrådgiveren, og tal fra færre end {d.k} svar vises ikke.", st.small))
        return out

    def _key_figures(self) -> Table:
        d = self.data
        p = d.participation
        rows = [
            ["Besvarelser", "Svarprocent", "Procesretfærdighed (0–100)"],
            [p.answered.text(), p.rate.text(), d.index.current.text()],
        ]
        return table(rows, [TEXT_W / 3] * 3)

    def hovedpunkter(self) -> list[Flowable]:
        d, st = self.data, styles()
        content: list[Flowable] = [P("Hovedpunkter", st.h1)]
        if not d.hovedpunkter_godt.strip() and not d.hovedpunkter_bedre.strip():
            content.append(P("Borgerrådgiveren har endnu ikke skrevet hovedpunkter.", st.body))
        else:
            content.append(P("Borgerrådgiverens vurdering på baggrund af svarene.", st.small))
            content.append(P("Det virker", st.h2))
            content += _bullets(d.hovedpunkter_godt) or [P("(Intet skrevet.)", st.small)]
            content.append(P("Det kan blive bedre", st.h2))
            content += _bullets(d.hovedpunkter_bedre) or [P("(Intet skrevet.)", st.small)]
        content.append(Spacer(1, 6 * mm))
        content.append(P("Nøgletal", st.h2))
        content.append(self._key_figures())
        if not d.has_answers:
            content.append(P("Borgerrejsen har endnu ingen svar.", st.body))
        elif d.all_suppressed:
            content.append(P(f"Der er færre end {d.k} svar, så ingen tal vises "
                             "(småtalsreglen).", st.body))
        return [KeepInFrame(TEXT_W, PAGE_H - 2 * MARGIN - 20 * mm, content, mode="shrink")]

    def participation(self) -> list[Flowable]:
        d, st = self.data, styles()
        p = d.participation
        out: list[Flowable] = [P("Deltagelse", st.h1)]
        out.append(table(
            [["Inviterede", "Besvarelser", "Svarprocent"],
             [p.invited.text(), p.answered.text(), p.rate.text()]],
            [TEXT_W / 3] * 3,
        ))
        if not d.has_answers:
            out.append(P("Borgerrejsen har endnu ingen svar, så der er ingen tal at vise.",
                         st.body))
        elif d.all_suppressed:
            out.append(P(f"Der er færre end {d.k} svar. Af hensyn til borgernes anonymitet "
                         "vises ingen fordelinger i denne brief.", st.body))
        out.append(P(escape(RATE_NOTE), st.small))
        if p.held:
            out.append(P("Nogle svar venter stadig på at blive frigivet i en blandet portion; "
                         "de tæller med i antal besvarelser, men ikke i fordelingerne endnu.",
                         st.small))
        out.append(P("Svar fordelt på kanal", st.h2))
        rows: list[list[Any]] = [["Kanal", "Antal", "Andel"]]
        rows += [[c.label, c.count.text(), c.share.text()] for c in p.channels]
        out.append(table(rows, [70 * mm, 40 * mm, 40 * mm]))
        if any(c.count.secondary for c in p.channels):
            out.append(T(complementary_note(d.k), st.small))
        chart_rows = [(c.label, c.count, BAR_FILL) for c in p.channels]
        top = max((c.count.visible or 0.0 for c in p.channels), default=0.0)
        if top > 0:
            out.append(value_bars(chart_rows, top, label_w=80))
        out.append(P("Web: borgeren svarede selv via link eller kode. Interview og papir: "
                     "borgerrådgiveren tastede svarene ind uden navn.", st.small))
        return out

    def _index_block(self) -> list[Flowable]:
        d, st = self.data, styles()
        ix = d.index
        out: list[Flowable] = [P("Procesretfærdighed", st.h2)]
        out.append(P(
            "Indekset (0–100) er gennemsnittet af svarene på " + ", ".join(ix.questions)
            + " (respekt, at blive lyttet til og et retfærdigt forløb) omregnet, så 0 er "
            "»helt uenig« og 100 »helt enig«.", st.small))
        rows: list[list[Any]] = [["", "Indeks"]]
        rows.append(["Denne borgerrejse", ix.current.text()])
        for point in ix.earlier:
            rows.append([f"Tidligere: {point.label}", point.value.text()])
        if ix.all_centres is not None:
            rows.append(["Alle fagcentre (lukkede borgerrejser)", ix.all_centres.text()])
        if ix.change_since_previous is not None:
            rows.append(["Ændring siden sidste borgerrejse", ix.change_since_previous.text()])
        if ix.difference_to_all is not None:
            rows.append(["Forskel til alle fagcentre", ix.difference_to_all.text()])
        out.append(table(rows, [TEXT_W - 40 * mm, 40 * mm]))
        bars = [("Denne borgerrejse", ix.current, LIKERT_FILL["5"])]
        bars += [(p.label, p.value, BAR_FILL) for p in ix.earlier[-3:]]
        if ix.all_centres is not None:
            bars.append(("Alle fagcentre", ix.all_centres, LIKERT_FILL["3"]))
        out.append(value_bars(bars, 100.0))
        return [KeepTogether(out)]

    def standard_questions(self) -> list[Flowable]:
        d, st = self.data, styles()
        out: list[Flowable] = [P("Standardspørgsmålene", st.h1)]
        out.append(P(
            "Spørgsmålene er stillet i alle borgerrejser og ordnet efter kommunens fire "
            "principper for Mødet med borgeren. Hver bjælke viser, hvordan svarene fordeler sig; "
            f"kategorier med færre end {d.k} svar er skjult (og om nødvendigt én mere, så de "
            "ikke kan regnes ud).", st.body))
        out.append(likert_legend(d.k))
        out += self._index_block()
        placed: set[str] = set()
        standard_codes = {q.code for q in d.questions}
        for group in d.principles:
            qs = [q for q in group.questions if q.code in standard_codes]
            if not qs:
                continue
            out.append(CondPageBreak(60 * mm))
            out.append(T(f"Princip {group.number}: {group.title}", st.h2))
            for q in qs:
                out.append(self._question_block(q))
                placed.add(q.code)
        rest = [q for q in d.questions if q.code not in placed and q.is_closed]
        if rest:
            out.append(P("Øvrige standardspørgsmål", st.h2))
            out += [self._question_block(q) for q in rest]
        texts = [q for q in d.questions if not q.is_closed]
        if texts:
            out.append(P("Fritekstspørgsmål", st.h2))
            rows: list[list[Any]] = [["Spørgsmål", "Svar"]]
            rows += [[f"{q.code} {q.text}", q.n.text()] for q in texts]
            out.append(table(rows, [TEXT_W - 35 * mm, 35 * mm]))
        return out

    def _principle_summary(self, qs: Sequence[QuestionData]) -> list[Flowable]:
        rows: list[list[Any]] = [["Spørgsmål", "Svar", "Gennemsnit (1–5)"]]
        for q in qs:
            rows.append([f"{q.code} {q.text}", q.n.text(),
                         q.mean.text() if q.mean is not None else "ja/nej"])
        return [table(rows, [TEXT_W - 60 * mm, 25 * mm, 35 * mm])]

    def _question_block(self, q: QuestionData) -> Flowable:
        st = styles()
        return KeepTogether([
            T(f"{q.code}. {q.text}", st.h3),
            *distribution_chart(q, self.data.k),
            Spacer(1, 4),
        ])

    def themes(self) -> list[Flowable]:
        d, st = self.data, styles()
        out: list[Flowable] = [P("Temaer i fritekstsvarene", st.h1)]
        out.append(P(
            f"Fritekstsvar i alt: {escape(d.free_texts.text())}. Svarene er anonymiseret og "
            "kodet i temaer; et svar kan handle om flere temaer. Bjælken viser, hvor mange svar "
            "der nævner temaet, og den mørke, skraverede del, hvor mange af dem der er negative. "
            "Citaterne er udvalgt og godkendt af borgerrådgiveren.", st.body))
        if not d.themes:
            out.append(P("Der er endnu ingen analyserede fritekstsvar at vise.", st.body))
            return out + self._other_quotes()
        if all(t.mentions.suppressed for t in d.themes):
            out.append(P(f"Alle temaer er nævnt af færre end {d.k}, så antallene vises ikke.",
                         st.body))
        out.append(theme_chart(d.themes))
        rows: list[list[Any]] = [["Tema", "Omtaler", "Negative", "Andel negative"]]
        rows += [[t.label, t.mentions.text(), t.negative.text(), t.negative_share.text()]
                 for t in d.themes]
        out.append(table(rows, [TEXT_W - 105 * mm, 35 * mm, 35 * mm, 35 * mm]))
        for t in d.themes:
            block: list[Flowable] = [T(t.label, st.h2)]
            block.append(T(f"Omtaler: {t.mentions.text()} · negative: {t.negative_share.text()}",
                           st.small))
            if t.quotes:
                block += [T(f"»{q.text}«", st.quote, max_len=900) for q in t.quotes]
            else:
                block.append(P("Ingen godkendte citater til dette tema.", st.small))
            out.append(KeepTogether(block[:3]))
            out += block[3:]
        return out + self._other_quotes()

    def _other_quotes(self) -> list[Flowable]:
        """Approved quotes that stand under no theme or focus question above."""
        d, st = self.data, styles()
        if not d.other_quotes:
            return []
        block: list[Flowable] = [
            P(OTHER_QUOTES_TITLE, st.h2),
            P(escape(OTHER_QUOTES_INTRO), st.small),
        ]
        block += [T(f"»{q.text}«", st.quote, max_len=900) for q in d.other_quotes]
        if d.other_quotes_more:
            block.append(P(escape(more_quotes_text(d.other_quotes_more)), st.small))
        return [KeepTogether(block[:3])] + block[3:]

    def focus(self) -> list[Flowable]:
        d, st = self.data, styles()
        out: list[Flowable] = [P("Fagcentrets egne fokusspørgsmål", st.h1)]
        if not d.focus:
            out.append(P("Fagcentret havde ingen egne fokusspørgsmål i denne borgerrejse.",
                         st.body))
            return out
        for item in d.focus:
            q = item.question
            if q.is_closed:
                out.append(self._question_block(q))
            else:
                block: list[Flowable] = [T(f"{q.code}. {q.text}", st.h3),
                                         T(f"Fritekstsvar: {q.n.text()}", st.small)]
                if item.quotes:
                    block += [T(f"»{c.text}«", st.quote, max_len=900) for c in item.quotes]
                else:
                    block.append(P("Ingen godkendte citater til dette spørgsmål.", st.small))
                out.append(KeepTogether(block[:3]))
                out += block[3:]
        return out

    def _point(self, point: LearningPointData, earlier: bool) -> list[Flowable]:
        st = styles()
        out: list[Flowable] = [T(point.title, st.h3)]
        meta = [f"Status: {point.status}"]
        if point.due_date:
            meta.append(f"frist {danish_date(point.due_date)}" + (" (overskredet)"
                                                                 if point.overdue else ""))
        if point.themes:
            meta.append("temaer: " + ", ".join(point.themes))
        if earlier and point.round_title:
            meta.append(f"fra: {point.round_title}")
        out.append(T(" · ".join(meta), st.small))
        if point.description:
            out.append(T(point.description, st.body, max_len=1200))
        if point.centre_response:
            out.append(T(f"Fagcentrets svar: {point.centre_response}", st.body, max_len=800))
        if point.evidence:
            out.append(T("Dokumentation: " + "; ".join(f"{a}: {b}" for a, b in point.evidence),
                         st.small))
        if earlier:
            if point.figures:
                rows: list[list[Any]] = [["Tal", "Før", "Nu", "Ændring"]]
                rows += [[f.label, f.before.text(), f.after.text(),
                          f.change.text() if f.change else "–"] for f in point.figures]
                out.append(table(rows, [TEXT_W - 84 * mm, 28 * mm, 28 * mm, 28 * mm]))
            else:
                out.append(P("Ingen tal at sammenligne før og nu.", st.small))
        return [KeepTogether(out[:3])] + out[3:]

    def learning_points(self) -> list[Flowable]:
        d, st = self.data, styles()
        out: list[Flowable] = [P("Læringspunkter", st.h1)]
        out.append(P("Nye læringspunkter fra denne borgerrejse", st.h2))
        if d.new_points:
            for point in d.new_points:
                out += self._point(point, earlier=False)
        else:
            out.append(P("Der er endnu ikke formuleret læringspunkter fra denne borgerrejse.",
                         st.body))
        out.append(P("Tidligere læringspunkter og hvordan det er gået", st.h2))
        if d.earlier_points:
            out.append(P("»Før« er tallet i den borgerrejse, hvor punktet blev formuleret; »nu« "
                         "er tallet i denne borgerrejse.", st.small))
            for point in d.earlier_points:
                out += self._point(point, earlier=True)
        else:
            out.append(P("Fagcentret har ingen tidligere læringspunkter.", st.body))
        return out

    def method(self) -> list[Flowable]:
        d, st = self.data, styles()
        k = d.k
        paragraphs = [
            ("Sådan er svarene indsamlet",
             "Borgere med en sag i fagcentret blev inviteret med et personligt engangslink, et "
             "brev med QR-kode og kort kode eller til et interview med borgerrådgiveren. "
             "Spørgeskemaet kunne besvares på dansk og engelsk."),
            ("Anonymitet",
             "Svar kan ikke spores tilbage til invitationerne: et svar gemmes uden nøgle til "
             "invitationen, kun med dagen for indsendelse, og svarene frigives til analyse i "
             "blandede portioner. Kontaktoplysninger slettes, når borgerrejsen lukkes."),
            ("Fritekst",
             "Fritekstsvar blev automatisk anonymiseret (navne, CPR-numre, adresser, telefon, "
             "e-mail, sagsnumre m.m. fjernet) og kodet i temaer. Borgerrådgiveren har "
             "gennemgået analysen; kun citater, hun har godkendt, vises i briefen. Rå tekst "
             "forlader aldrig borgerrådgiveren."),
            ("Småtalsreglen",
             f"Et tal vises kun, hvis det bygger på mindst {k} svar; ellers står der »færre end "
             f"{k}«. Hvis kun én kategori i en fordeling skulle skjules, skjules også den "
             "mindste af de øvrige, så det skjulte tal ikke kan regnes ud; der står da »skjult« "
             f"(skjult for at beskytte en lille gruppe – tallet kan godt være {k} eller mere). "
             "Antal læringspunkter er ikke borgersvar og vises altid."),
            ("Svarprocent", RATE_NOTE),
            ("Procesretfærdighed",
             "Indekset bygger på S06–S08 og sammenlignes med fagcentrets tidligere borgerrejser "
             "og med alle fagcentres lukkede borgerrejser."),
        ]
        out: list[Flowable] = [P("Metode og anonymitet", st.h1)]
        for heading, text in paragraphs:
            out.append(P(escape(heading), st.h3))
            out.append(P(escape(text), st.body))
        return out


# --------------------------------------------------------------------------- annual overview


class AnnualRenderer(_Renderer):
    """The municipality-wide overview of a year, for the advisor's annual report."""

    def __init__(self, data: AnnualData) -> None:
        self.data = data
        self.title = f"Borgerrejser {data.year} – årsoverblik"
        self.header_text = clean_text(
            f"Borgerrejser {data.year} — årsoverblik · {data.municipality}", 120)
        self.footer_text = f"{data.municipality} · Borgerrådgiveren"
        self.preliminary = data.preliminary
        self.preliminary_note = (
            "året eller en borgerrejse er ikke afsluttet. Tallene kan ændre sig.")

    def render(self) -> bytes:
        return self._build(self.story())

    def story(self) -> list[Flowable]:
        d, st = self.data, styles()
        s: list[Flowable] = [Spacer(1, 45 * mm), P(f"Borgerrejser {d.year}", st.cover_title),
                             P("Årsoverblik til borgerrådgiverens årsberetning", st.cover_sub),
                             T(d.municipality, st.body), Spacer(1, 6 * mm)]
        s.append(table([["Dato", danish_date(d.generated_on)],
                        ["Borgerrejser i året", str(len(d.rounds_included))],
                        ["Besvarelser i alt", d.total_answered.text()],
                        ["Svarprocent", d.total_rate.text()],
                        ["Procesretfærdighed, alle", d.all_index.text()]],
                       [60 * mm, TEXT_W - 60 * mm], header=False))
        if d.preliminary:
            s.append(Spacer(1, 6 * mm))
            s.append(P(f"<b>{PRELIMINARY_WORD} udgave.</b> Året er ikke slut, eller en "
                       "borgerrejse er stadig åben.", st.body))
        s.append(PageBreak())
        s.append(P("Besvarelser pr. fagcenter", st.h1))
        if not d.has_answers:
            s.append(P(f"Der er ingen besvarelser i {d.year}.", st.body))
        rows: list[list[Any]] = [["Fagcenter", "Borgerrejser", "Inviterede", "Besvarelser",
                                  "Svarprocent", "Procesretfærdighed (0–100)"]]
        for c in d.centres:
            rows.append([f"{c.centre_code} – {c.centre_name}", str(c.rounds), c.invited.text(),
                         c.answered.text(), c.rate.text(), c.index.text()])
        rows.append(["I alt", str(len(d.rounds_included)), d.total_invited.text(),
                     d.total_answered.text(), d.total_rate.text(), d.all_index.text()])
        s.append(table(rows, fitted_widths(rows, TEXT_W, flex=0)))
        s.append(P(escape(RATE_NOTE), st.small))
        active = [c for c in d.centres if c.rounds]
        top = max((c.answered.visible or 0.0 for c in active), default=0.0)
        if active and top > 0:
            s.append(P("Besvarelser", st.h2))
            s.append(value_bars([(c.centre_code, c.answered, BAR_FILL) for c in active], top,
                                label_w=60))
        if active:
            s.append(P("Procesretfærdighed (0–100)", st.h2))
            bars = [(c.centre_code, c.index, LIKERT_FILL["5"]) for c in active]
            bars.append(("Alle", d.all_index, LIKERT_FILL["3"]))
            s.append(value_bars(bars, 100.0, label_w=60))
        s.append(PageBreak())
        s.append(P("Temaer på tværs af fagcentre", st.h1))
        if d.themes:
            themes = [ThemeData(t.key, t.label, t.mentions, t.mentions, t.negative_share)
                      for t in d.themes]
            s.append(theme_chart(themes))
            codes = [code for code, _ in d.themes[0].per_centre]
            head = ["Tema", "I alt", *codes]
            trows: list[list[Any]] = [head]
            for t in d.themes:
                trows.append([t.label, t.mentions.text(), *(v.text() for _, v in t.per_centre)])
            s.append(table(trows, fitted_widths(trows, TEXT_W, flex=None)))
        else:
            s.append(P("Der er ingen analyserede fritekstsvar i året.", st.body))
        s.append(CondPageBreak(80 * mm))
        s.append(P("Læringspunkter efter status", st.h1))
        if d.learning:
            head = ["Fagcenter", *(c.label for c in d.learning_totals), "Overskredet"]
            lrows: list[list[Any]] = [head]
            for row in d.learning:
                lrows.append([row.centre_code, *(str(c.count) for c in row.counts),
                              str(row.overdue)])
            lrows.append(["I alt", *(str(c.count) for c in d.learning_totals),
                          str(sum(r.overdue for r in d.learning))])
            s.append(table(lrows, fitted_widths(lrows, TEXT_W, flex=None)))
        else:
            s.append(P("Der er ingen læringspunkter fra årets borgerrejser.", st.body))
        s.append(CondPageBreak(60 * mm))
        s.append(P("Metode", st.h1))
        s.append(P(escape(
            f"Overblikket omfatter borgerrejser, hvis periode ligger i {d.year}, og som er "
            f"åbnet. Et tal vises kun, hvis det bygger på mindst {d.k} svar; ellers står der "
            f"»færre end {d.k}«, og et tal, der kun er skjult for at beskytte en lille gruppe, "
            "står som »skjult«. Temaer bygger på anonymiseret og kodet fritekst. "
            "Læringspunkter er ikke borgersvar og vises altid."), st.body))
        s.append(P(escape(RATE_NOTE + " For et fagcenter og for året er svarprocenten summen "
                          "af web-svar delt med summen af invitationer, kun for borgerrejser "
                          "med invitationer."), st.body))
        if d.rounds_included:
            s.append(P("Borgerrejser i overblikket", st.h3))
            s += [T(line, st.small) for line in d.rounds_included]
        return s


def render_brief(data: BriefData) -> bytes:
    return BriefRenderer(data).render()


def render_annual(data: AnnualData) -> bytes:
    return AnnualRenderer(data).render()


__all__ = ["AnnualRenderer", "BriefRenderer", "CellData", "clean_text", "para"]
