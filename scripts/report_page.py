"""Pieces shared by pinlab's generated pages: inlined client assets and plotly, number and time
formatting, sortable tables and the standalone page shell. Every page works from file:// offline."""
import datetime as dt
import html
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "scripts" / "report-template" / "pinlab"


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def inline_assets(*names: str) -> str:
    """The named files of scripts/report-template/pinlab as inline <style>/<script> elements."""
    parts = []
    for name in names:
        text = (ASSETS / name).read_text(encoding="utf-8")
        if name.endswith(".css"):
            parts.append(f"<style>{text}</style>")
        else:
            parts.append("<script>" + text.replace("</script", "<\\/script") + "</script>")
    return "\n".join(parts)


def script_json(value) -> str:
    """JSON safe inside an inline <script> (as lib/notebook/html.ts's scriptJson)."""
    return json.dumps(value).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def plotly_script() -> str:
    """The plotly.js bundle inline, wrapped as lib/notebook/plot.ts does (no AMD `define` in sight)."""
    src = (ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js").read_text(encoding="utf-8")
    return "<script>(function(){var define=undefined;\n" + src.replace("</script", "<\\/script") + "\n})();</script>"


def plot_div(dom_id: str, traces: list, layout: dict, height: int = 320) -> str:
    """A chart drawn once plotly is loaded; the `pinlab-plot` class is what the report check counts."""
    layout = {"margin": {"t": 40, "r": 10, "b": 50, "l": 60}, "height": height, **layout}
    config = {"responsive": True, "displaylogo": False}
    draw = (f"<script>(function(){{function draw(){{if(!window.Plotly){{return setTimeout(draw,30);}}"
            f"window.Plotly.newPlot({script_json(dom_id)},{script_json(traces)},{script_json(layout)},"
            f"{script_json(config)});}}draw();}})();</script>")
    return f'<div id="{esc(dom_id)}" class="pinlab-plot" style="width:100%;height:{height}px"></div>{draw}'


def fmt(value) -> str:
    """Numbers to 4 significant digits (integers exact), as lib/notebook/html.ts's formatValue."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        a = abs(value)
        if a != 0 and (a < 1e-3 or a >= 1e6):
            return f"{value:.3e}"
        rounded = float(f"{value:.4g}")
        return str(int(rounded)) if rounded.is_integer() else repr(rounded)
    return str(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cell(value, link: str = "", css: str = "", text: str | None = None) -> str:
    """A table cell, shown as `text` when given. Its exact value goes in data-v (which sorting and
    the CSV download use) when what is shown differs: a rounded number, a shortened name."""
    shown = fmt(value) if text is None else text
    rounded = is_number(value) and float(fmt(value)) != value
    exact = f' data-v="{esc(value if rounded else fmt(value))}"' if rounded or shown != fmt(value) else ""
    classes = " ".join(filter(None, ["num" if is_number(value) else "", css]))
    body = f'<a href="{esc(link)}">{esc(shown)}</a>' if link else esc(shown)
    css_attr = f' class="{classes}"' if classes else ""
    return f"<td{css_attr}{exact}>{body}</td>"


def table(columns: list, rows: list, caption: str = "", page_rows: int = 50) -> str:
    """A sortable, paged table (table.js); `rows` hold cells made by `cell` (or raw <td> strings)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(f"<tr{' hidden' if i >= page_rows else ''}>{''.join(r)}</tr>" for i, r in enumerate(rows))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<div class="scroll"><table class="pinlab-table" data-page-rows="{page_rows}">{cap}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def parse_time(text) -> dt.datetime | None:
    """An ISO UTC time of a run record (or None when absent or unreadable)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def fmt_time(text) -> str:
    t = parse_time(text)
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if t else str(text or "")


def fmt_seconds(seconds) -> str:
    if not is_number(seconds):
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def href(target: Path, page: Path) -> str:
    """A relative link from the page (a file) to the target, so pages work from file:// anywhere."""
    return Path(os.path.relpath(target, page.parent)).as_posix()


def page(title: str, body: str, head: str = "") -> str:
    """A standalone page with the shared styles and the table script."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'{inline_assets("pages.css", "table.css", "table.js")}{head}</head><body>{body}</body></html>')
