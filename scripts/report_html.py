"""pinlab's HTML pages: the notebook report (offline head, banner, nbconvert template) and the index.

The runner (notebooks.py) executes notebooks and records runs; this module only turns notebooks and
run records into self-contained pages that render without a network.
"""
import base64
import html
import json
import re
from pathlib import Path

from nbconvert import HTMLExporter

from atomic_file import write_atomic

ROOT = Path(__file__).resolve().parent.parent


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
        # Markdown's escaped dollar (\\$, literal in Jupyter's MathJax) would open math in KaTeX's
        # auto-render: turn each into a "$" in an ignored span first.
        render = """document.addEventListener('DOMContentLoaded',function(){
var w=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT),hits=[];
while(w.nextNode()){var t=w.currentNode;if(t.nodeValue.indexOf('\\\\$')>=0&&!t.parentNode.closest('pre,code,.highlight'))hits.push(t);}
hits.forEach(function(t){var f=document.createDocumentFragment();t.nodeValue.split('\\\\$').forEach(function(p,i){
if(i){var d=document.createElement('span');d.className='pinlab-dollar';d.textContent='$';f.appendChild(d);}f.appendChild(document.createTextNode(p));});
t.parentNode.replaceChild(f,t);});
renderMathInElement(document.body,{
delimiters:[{left:'$$',right:'$$',display:true},{left:'\\\\[',right:'\\\\]',display:true},{left:'$',right:'$',display:false},{left:'\\\\(',right:'\\\\)',display:false}],
ignoredClasses:['highlight','jp-RenderedText','pinlab-plot','pinlab-dollar'],throwOnError:false});});"""
        _head_cache = (f"<style>{css}</style>\n<script>(function(){{var define=undefined,module=undefined,exports=undefined;{js}\n{auto}\n}})();</script>\n<script>{render}</script>")
    return _head_cache


def banner(name: str, status: str, seconds: float, finished: str, error: str, params: dict) -> str:
    color = "#1a7f37" if status == "ok" else "#cf222e"
    detail = f" — {html.escape(error)}" if error else ""
    p = f" · parameters overridden: {html.escape(json.dumps(params))}" if params else ""
    return (f'<div class="pinlab-banner" data-status="{status}" style="margin:8px 16px;padding:8px 12px;border-left:6px solid {color};'
            f'background:#f6f8fa;font-family:sans-serif;font-size:13px"><b>{html.escape(name)}</b> · '
            f'<span style="color:{color}">{status.upper()}</span>{detail} · ran {finished} in {seconds:.1f} s{p} · '
            f'<a href="index.html">all reports</a></div>')


def to_html(nb, banner_html: str) -> str:
    exporter = HTMLExporter(template_name="pinlab", extra_template_basedirs=[str(ROOT / "scripts" / "report-template")])
    body, _ = exporter.from_notebook_node(nb, resources={"pinlab_head": offline_head(), "pinlab_banner": banner_html})
    return body


def fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def write_index(out: Path, results: dict) -> None:
    rows = []
    for nb_id in sorted(results):
        r = results[nb_id]
        color = "#1a7f37" if r["status"] == "ok" else "#cf222e"
        metrics = "<br>".join(f"{html.escape(k)} = {html.escape(fmt(v))}" for k, v in r["metrics"].items())
        err = f'<div style="color:#cf222e">{html.escape(r["error"])}</div>' if r["error"] else ""
        rows.append(
            f'<tr data-status="{r["status"]}"><td><a href="{html.escape(nb_id)}.html">{html.escape(r["title"])}</a><div style="color:#555">'
            f'{html.escape(r["description"])}</div>{err}</td><td style="color:{color}">{r["status"]}</td>'
            f'<td>{r["seconds"]} s<div style="color:#555;font-size:11px">{r["finished"]}</div></td><td style="font-family:monospace;font-size:12px">{metrics}</td></tr>')
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>pinlab reports</title>
<style>body{{font-family:sans-serif;margin:24px;max-width:1100px}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:8px;vertical-align:top;text-align:left}}</style></head><body>
<h1>pinlab reports</h1><p>Each notebook executed on a fresh tslab kernel with its default parameters.</p>
<table><thead><tr><th>notebook</th><th>status</th><th>run time</th><th>recorded metrics</th></tr></thead><tbody>
{''.join(rows)}</tbody></table></body></html>"""
    write_atomic(out / "index.html", page)

