"""pinlab's HTML pages, the entry points the runner (notebooks.py) calls:

- to_html(nb, record): an executed notebook as a self-contained report, headed by its run record;
- write_index(out_dir, results, runs_dir): the dashboard (report_dashboard.py);
- render_sweep(manifest_path): a sweep's charts and runs (report_sweep.py);
- render_compare(run_a, run_b, out): two runs side by side (report_compare.py).

Every page renders offline: scripts, styles, fonts and plotly are inlined.
"""
import base64
import json
import re

from nbconvert import HTMLExporter

from report_compare import render_compare
from report_dashboard import write_index
from report_page import ROOT, esc, fmt_seconds, fmt_time, inline_assets
from report_sweep import render_sweep

__all__ = ["offline_head", "banner", "to_html", "write_index", "render_sweep", "render_compare"]

_head_cache = None


def offline_head() -> str:
    """KaTeX (script, auto-render and CSS with fonts as data URIs) inlined, to typeset $…$ offline."""
    global _head_cache
    if _head_cache is None:
        dist = ROOT / "node_modules" / "katex" / "dist"
        css = (dist / "katex.min.css").read_text(encoding="utf-8")

        def inline_font(m):
            font = dist / m.group(1)
            return "url(data:font/woff2;base64," + base64.b64encode(font.read_bytes()).decode() + ")"

        # Keep only the woff2 source of each @font-face, embedded.
        css = re.sub(r"url\((fonts/[^)]+\.woff2)\) format\(\"woff2\"\)(,url\([^)]+\) format\(\"[a-z]+\"\))*", lambda m: inline_font(m) + ' format("woff2")', css)
        js = (dist / "katex.min.js").read_text(encoding="utf-8")
        auto = (dist / "contrib" / "auto-render.min.js").read_text(encoding="utf-8")
        # Same delimiters as Jupyter's MathJax. A dollar amount in prose is written <span>&#36;</span>
        # (docs/CONVENTIONS.md): neither renderer pairs a "$" alone in its own element.
        render = """document.addEventListener('DOMContentLoaded',function(){renderMathInElement(document.body,{
delimiters:[{left:'$$',right:'$$',display:true},{left:'\\\\[',right:'\\\\]',display:true},{left:'$',right:'$',display:false},{left:'\\\\(',right:'\\\\)',display:false}],
ignoredClasses:['highlight','jp-RenderedText','pinlab-plot'],throwOnError:false});});"""
        _head_cache = (f"<style>{css}</style>\n<script>(function(){{var define=undefined,module=undefined,exports=undefined;{js}\n{auto}\n}})();</script>\n<script>{render}</script>")
    return _head_cache


def _fact(label: str, value: str) -> str:
    return f"<span><b>{esc(label)}</b> {value}</span>"


def banner(record: dict, ipynb_href: str | None = None, index_href: str | None = None) -> str:
    """The report's header from its run record (runs/<dir>/run.json); absent fields are left out.
    Links are relative to where the page is written: by default the executed notebook beside it (as
    in its run folder, when the record names one) and the dashboard as index.html."""
    status = str(record.get("status") or "unknown")
    error = record.get("error") or ""
    failed = record.get("failed_cell")
    detail = ""
    if status != "ok":
        where = f"cell {failed}: " if failed is not None and not str(error).startswith("cell ") else ""
        detail = f" — {esc(where + error)}" if (where or error) else ""
    facts = []
    git = record.get("git") or {}
    if git.get("commit"):
        dirty = " + uncommitted changes" if git.get("dirty") else ""
        facts.append(_fact("commit", f"<code>{esc(str(git['commit'])[:10])}</code>{esc(dirty)}"))
    if "changed" in record:
        changed = record.get("changed") or {}
        shown = ", ".join(f"<code>{esc(k)} = {esc(json.dumps(v))}</code>" for k, v in changed.items())
        facts.append(_fact("parameters", shown or "defaults"))
    env = record.get("env") or {}
    if env.get("tf_backend"):
        facts.append(_fact("backend", esc(env["tf_backend"])))
    if env.get("threads") is not None:
        facts.append(_fact("threads", esc(env["threads"])))
    if env.get("node"):
        facts.append(_fact("node", esc(env["node"])))
    if record.get("seconds") is not None:
        facts.append(_fact("run time", esc(fmt_seconds(record["seconds"]))))
    when = record.get("finished") or record.get("started")
    if when:
        facts.append(_fact("finished" if record.get("finished") else "started", esc(fmt_time(when))))
    if record.get("sweep"):
        facts.append(_fact("sweep", esc(record["sweep"])))
    if ipynb_href is None and record.get("dir") and record.get("id"):
        ipynb_href = f"{record['id']}.ipynb"
    links = [f'<a class="pinlab-ipynb" href="{esc(ipynb_href)}" download>executed .ipynb</a>'] if ipynb_href else []
    links.append(f'<a class="pinlab-index" href="{esc(index_href or "index.html")}">all reports</a>')
    name = record.get("id") or record.get("title") or "report"
    return (f'<div class="pinlab-banner" data-status="{esc(status)}">'
            f'<span class="pinlab-tools">{"".join(links)}</span>'
            f'<b>{esc(name)}</b> · <span class="pinlab-status">{esc(status.upper())}</span>{detail}'
            f'<div class="pinlab-facts">{"".join(facts)}</div></div>')


def to_html(nb, record: dict, ipynb_href: str | None = None, index_href: str | None = None) -> str:
    """The executed notebook as one offline page: header, table of contents, foldable code,
    sortable and paged tables with CSV download, KaTeX. `ipynb_href` / `index_href` link the
    executed notebook and the dashboard relative to where the page is written (see banner): the
    runner writes the page into the run folder and, for a default run, into reports/."""
    exporter = HTMLExporter(template_name="pinlab", extra_template_basedirs=[str(ROOT / "scripts" / "report-template")])
    head = offline_head() + inline_assets("report.css", "table.css", "report.js", "table.js")
    resources = {"pinlab_head": head, "pinlab_banner": banner(record, ipynb_href, index_href)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
