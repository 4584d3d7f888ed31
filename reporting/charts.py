"""Server-drawn SVG charts. Python works out the geometry; templates draw it with classes from app.scss (the CSP
forbids inline style). Every chart sits next to a table of the same numbers and prints the status words."""

from decimal import Decimal

from priorities.models import Rag

from .selectors import RAG_ORDER

RAG_WORDS = dict(Rag.choices)
# Also written as SVG presentation attributes (not style, so the CSP allows them) for renderers that do not apply
# the page's CSS to SVG, such as WeasyPrint for the board pack. On the page the app-fill-- classes win.
RAG_FILLS = {
    Rag.NOT_STARTED: "#b1b4b6",
    Rag.RED: "#d4351c",
    Rag.AMBER: "#f47738",
    Rag.GREEN: "#00703c",
    Rag.COMPLETE: "#1d70b8",
}


def stacked_bars(rows: list[dict], *, width: int = 720, label_width: int = 170, bar_height: int = 22) -> dict:
    """Horizontal bars, one per row, stacked by status. Each row: {"label", "counts": {rag: n}, "href"?}.

    Bars are scaled to the largest total so that lengths compare across rows. Under each bar its counts are
    written out in words ("Red 2, Amber 3"), every bar ends with its total, and the legend names each status.
    """
    gap = 30
    legend_height = 30
    plot_width = width - label_width - 50
    largest = max([sum(row["counts"].values()) for row in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        y = legend_height + index * (bar_height + gap)
        x = label_width
        segments = []
        for rag in RAG_ORDER:
            count = row["counts"].get(rag, 0)
            if not count:
                continue
            segment_width = plot_width * count / largest
            segments.append(
                {
                    "x": round(x, 1),
                    "width": round(segment_width, 1),
                    "rag": rag,
                    "count": count,
                    "word": RAG_WORDS[rag],
                    "fill": RAG_FILLS[rag],
                }
            )
            x += segment_width
        bars.append(
            {
                "label": row["label"],
                "y": y,
                "text_y": y + bar_height / 2 + 5,
                "height": bar_height,
                "segments": segments,
                "total": sum(row["counts"].values()),
                "total_x": round(x + 6, 1),
                "summary_y": y + bar_height + 17,
                "summary": ", ".join(f"{s['word']} {s['count']}" for s in segments) or "No actions",
            }
        )
    legend = [
        {"x": 10 + i * 135, "rag": rag, "word": RAG_WORDS[rag], "fill": RAG_FILLS[rag]}
        for i, rag in enumerate(RAG_ORDER)
    ]
    return {
        "width": width,
        "height": legend_height + len(rows) * (bar_height + gap) + 10,
        "label_x": label_width - 8,
        "bars": bars,
        "legend": legend,
    }


def line_chart(points: list[tuple[str, Decimal]], *, target=None, width: int = 640, height: int = 280) -> dict:
    """A line chart of values by quarter, with an optional dashed target line. Points: [(label, value)]."""
    left, right, top, bottom = 60, 20, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _, v in points] + ([float(target)] if target is not None else [])
    high = max(values + [1.0])
    low = min(values + [0.0])
    low = min(low, 0.0)
    span = (high - low) or 1.0

    def y_of(value):
        return round(top + plot_h - (float(value) - low) / span * plot_h, 1)

    step = plot_w / max(len(points) - 1, 1)
    plotted = [
        {"x": round(left + i * step, 1), "y": y_of(v), "label": label, "value": v}
        for i, (label, v) in enumerate(points)
    ]
    ticks = [{"y": y_of(low + span * i / 4), "value": round(low + span * i / 4, 1)} for i in range(5)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "bottom_y": top + plot_h,
        "top": top,
        "points": plotted,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in plotted),
        "target_y": y_of(target) if target is not None else None,
        "ticks": ticks,
        "label_y": top + plot_h + 20,
    }
