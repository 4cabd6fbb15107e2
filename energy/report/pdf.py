"""Lay out the PDF report with reportlab: text and tables as text, figures as vector drawings
(matplotlib -> SVG with text as paths -> svglib), page numbers, numbered captions."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import matplotlib.pyplot as plt
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from svglib.svglib import svg2rlg

MARGIN = 2.2 * cm
TEXT_WIDTH = letter[0] - 2 * MARGIN
TEXT_HEIGHT = letter[1] - 2 * MARGIN
FRAME_PADDING = 6  # points SimpleDocTemplate's frame keeps free on each side

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle(
        "title", parent=_base["Title"], fontName="Helvetica-Bold", fontSize=22, leading=27
    ),
    "subtitle": ParagraphStyle(
        "subtitle", parent=_base["Normal"], fontName="Helvetica", fontSize=12, leading=16
    ),
    "h1": ParagraphStyle(
        "h1",
        parent=_base["Heading1"],
        fontName="Helvetica-Bold",
        fontSize=14,
        leading=18,
        spaceBefore=6,
        spaceAfter=6,
    ),
    "h2": ParagraphStyle(
        "h2", parent=_base["Heading2"], fontName="Helvetica-Bold", fontSize=11, leading=14
    ),
    "body": ParagraphStyle(
        "body", parent=_base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13.5
    ),
    "bullet": ParagraphStyle(
        "bullet",
        parent=_base["BodyText"],
        fontName="Helvetica",
        fontSize=9.5,
        leading=13.5,
        leftIndent=12,
        bulletIndent=2,
    ),
    "caption": ParagraphStyle(
        "caption",
        parent=_base["BodyText"],
        fontName="Helvetica-Oblique",
        fontSize=8.5,
        leading=11,
        alignment=TA_LEFT,
        spaceAfter=10,
    ),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=7.5, leading=9),
    "cellhead": ParagraphStyle("cellhead", fontName="Helvetica-Bold", fontSize=7.5, leading=9),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10.5),
}


@dataclass
class Story:
    """The flowables of a report, with running figure and table numbers."""

    title: str
    flow: list = field(default_factory=list)
    figures: int = 0
    tables: int = 0

    def heading(self, text: str, level: int = 1) -> None:
        self.flow.append(Paragraph(text, STYLES["h1" if level == 1 else "h2"]))

    def para(self, text: str, style: str = "body") -> None:
        self.flow.append(Paragraph(text, STYLES[style]))

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.flow.append(Paragraph(line, STYLES["bullet"], bulletText="•"))

    def space(self, height_cm: float = 0.3) -> None:
        self.flow.append(Spacer(1, height_cm * cm))

    def page_break(self) -> None:
        self.flow.append(PageBreak())

    def fit_page(self, start: int) -> None:
        """Keep the flowables from index `start` on one page, shrunk to fit if they are longer
        (page one holds the answer whatever its length; a line spilling over would leave a
        page nearly empty)."""
        content = []
        for flowable in self.flow[start:]:  # one frame keeps them together already
            content += flowable._content if isinstance(flowable, KeepTogether) else [flowable]
        del self.flow[start:]
        height = TEXT_HEIGHT - 2 * FRAME_PADDING
        self.flow.append(KeepInFrame(TEXT_WIDTH, height, content, mode="shrink"))

    def figure(self, fig, caption: str) -> None:
        """A matplotlib figure as a vector drawing scaled to the text width, with its caption."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})  # no time stamp
        plt.close(fig)
        buffer.seek(0)
        drawing = svg2rlg(buffer)
        scale = TEXT_WIDTH / drawing.width
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.scale(scale, scale)
        self.figures += 1
        self.flow.append(
            KeepTogether(
                [
                    *self._lead_in(),
                    drawing,
                    Paragraph(f"Figure {self.figures}. {caption}", STYLES["caption"]),
                ]
            )
        )

    def _lead_in(self) -> list:
        """A heading (and its introductory paragraph) just before a figure stays with it."""

        def is_heading(item):
            return isinstance(item, Paragraph) and item.style.name in ("h1", "h2")

        if self.flow and is_heading(self.flow[-1]):
            return [self.flow.pop()]
        if (
            len(self.flow) >= 2
            and is_heading(self.flow[-2])
            and isinstance(self.flow[-1], Paragraph)
        ):
            para = self.flow.pop()
            return [self.flow.pop(), para]
        return []

    def table(self, frame, caption: str, widths: list[float] | None = None) -> None:
        """A pandas table as a reportlab table (wrapped cells, repeated header), with its caption."""
        header = [Paragraph(str(c), STYLES["cellhead"]) for c in frame.columns]
        body = [
            [Paragraph(_cell(v), STYLES["cell"]) for v in row]
            for row in frame.itertuples(index=False)
        ]
        widths = widths or [TEXT_WIDTH / len(frame.columns)] * len(frame.columns)
        table = Table(
            [header, *body],
            colWidths=[w * TEXT_WIDTH for w in widths] if sum(widths) <= 1.01 else widths,
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f2f2f2")],
                    ),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.tables += 1
        title = Paragraph(f"Table {self.tables}. {caption}", STYLES["caption"])
        lead = self._lead_in()
        if len(frame) <= 25:  # a short table stays on one page with its caption (and heading)
            self.flow.append(KeepTogether([*lead, title, table]))
        else:  # a long one flows across pages, but its heading and caption start with it
            self.flow.extend([*lead, title, table])
        self.space(0.4)

    def write(self, target, subject: str) -> None:
        """Build the PDF at `target` with page numbers and the report title in the footer; the
        same story gives the same bytes (reportlab's invariant mode: no time stamp, fixed id)."""
        rl_config.invariant = 1

        def footer(canvas, doc):
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.setFillColor(colors.HexColor("#444444"))
            canvas.drawString(MARGIN, 1.2 * cm, self.title)
            canvas.drawRightString(letter[0] - MARGIN, 1.2 * cm, f"Page {doc.page}")
            canvas.restoreState()

        doc = SimpleDocTemplate(
            str(target),
            pagesize=letter,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=self.title,
            author="energy",
            subject=subject,
            creator="energy (reportlab)",
        )
        while self.flow and isinstance(self.flow[-1], Spacer):  # no blank page at the end
            self.flow.pop()
        doc.build(self.flow, onFirstPage=footer, onLaterPages=footer)


class Markup(str):
    """Text already in reportlab's paragraph markup (a link, an anchor): drawn as it is."""


def _cell(value) -> str:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value == int(value) and 1900 <= value <= 2100:  # a year
            return str(int(value))
        if abs(value) >= 10:
            return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        return f"{value:,.3g}"
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def title_page(story: Story, heading: str, lines: list[str]) -> None:
    story.space(5)
    story.flow.append(Paragraph(heading, STYLES["title"]))
    story.space(0.6)
    for line in lines:
        story.flow.append(Paragraph(line, STYLES["subtitle"]))
        story.space(0.15)
    story.space(0.6)
    story.para(f"Generated {date.today().isoformat()}.", "small")
    story.page_break()
