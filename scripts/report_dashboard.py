"""The reports dashboard (reports/index.html) and the run history (reports/runs.html).

One card per notebook: its headline metrics beside their targets, marked met or missed, each with a
sparkline over the notebook's past default-parameter runs; links to the default report, the run
history, its sweeps and the executed notebook.
"""
import json
import re
from pathlib import Path

from atomic_file import write_atomic
from report_page import ROOT, cell, esc, fmt, fmt_seconds, fmt_time, href, is_number, page, table
from report_records import (executed_notebook, interval, is_default, load_runs, read_headline, run_report,
                         target_text, verdict)

DESCRIPTION_CHARS = 240


def _plain_markdown(text: str) -> str:
    """Inline markdown outside code spans without its emphasis and link markup. Markers only count
    when they wrap text, so `data/pinterest/*.csv` keeps its star."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    # An opening marker follows a space, an opening bracket or quote, or starts the text.
    opens = r"(?<![^\s(\[\"'])"
    text = re.sub(opens + r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(opens + r"\*(?=[^\s*])([^*]*?[^\s*])?\*(?!\w)", lambda m: m.group(0)[1:-1], text)
    return re.sub(opens + r"_(?=[^\s_])([^_]*?[^\s_])?_(?!\w)", lambda m: m.group(0)[1:-1], text)


def short_description(raw: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The notebook's opening paragraph as HTML: emphasis dropped, code spans kept, cut at a word
    boundary (never inside a code span) with an ellipsis when longer than `limit` characters."""
    pieces = []  # (html, visible text)
    for i, part in enumerate(re.split(r"(`[^`]*`)", " ".join(raw.split()))):
        if i % 2:
            pieces.append((f"<code>{esc(part[1:-1])}</code>", part[1:-1]))
        else:
            pieces += [(esc(w), w) for w in re.findall(r"\S+|\s+", _plain_markdown(part))]
    out, length = [], 0
    for html_piece, text in pieces:
        if length + len(text) > limit:
            while out and out[-1][1].isspace():
                out.pop()
            return "".join(h for h, _ in out) + " …"
        out.append((html_piece, text))
        length += len(text)
    return "".join(h for h, _ in out)


def sparkline(values: list, spec: dict, width: int = 120, height: int = 28) -> str:
    """An inline SVG of a metric over runs (oldest to newest), the target as a dashed line when it
    falls inside the plotted range."""
    if len(values) < 2:
        return f'<span class="muted small">{len(values)} run{"" if len(values) == 1 else "s"}</span>'
    lo, hi = min(values), max(values)
    pad = 3

    def y(v):  # a constant series runs through the middle
        return height / 2 if hi == lo else pad + (height - 2 * pad) * (hi - v) / (hi - lo)

    step = (width - 2 * pad) / (len(values) - 1)
    points = " ".join(f"{pad + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
    targets = [t for t in (spec.get("min"), spec.get("max")) if is_number(t) and lo <= t <= hi]
    lines = "".join(f'<line x1="0" x2="{width}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>' for t in targets)
    last = f'<circle cx="{pad + (len(values) - 1) * step:.1f}" cy="{y(values[-1]):.1f}" r="2.5"/>'
    title = f"{len(values)} default-parameter runs, oldest to newest: {fmt(values[0])} … {fmt(values[-1])}"
    title += f" (range {fmt(lo)} – {fmt(hi)})"
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'data-points="{len(values)}"><title>{esc(title)}</title>{lines}<polyline points="{points}"/>{last}</svg>')


def _headline_rows(specs: list, metrics: dict, history: list) -> str:
    rows = []
    for spec in specs:
        name = spec["metric"]
        value = metrics.get(name)
        judged = verdict(spec, value)
        mark = {"met": "✓ met", "missed": "✗ missed", "missing": "✗ not recorded"}.get(judged, "")
        values = [r["metrics"][name] for r in history if is_number((r.get("metrics") or {}).get(name))]
        target = target_text(spec)
        ci = interval(metrics, name)
        ci_text = f' <span class="muted small">[{esc(fmt(ci[0]))}, {esc(fmt(ci[1]))}]</span>' if ci else ""
        rows.append(
            f'<tr data-metric="{esc(name)}" data-verdict="{judged or "none"}">'
            f'<td>{esc(spec.get("label") or name)}</td>'
            f'<td class="value">{esc(fmt(value)) if value is not None else "—"}{ci_text}</td>'
            f'<td class="muted small">{esc("target " + target) if target else ""}</td>'
            f'<td class="verdict" data-verdict="{judged or "none"}">{mark}</td><td>{sparkline(values, spec)}</td></tr>')
    return f'<table class="headline">{"".join(rows)}</table>' if rows else ""


def _notebook_file(result: dict) -> Path | None:
    file = result.get("file")
    return (ROOT / file) if file else None


def _sweeps(out_dir: Path) -> list:
    """Sweep manifests under out_dir/sweeps, newest first by file name."""
    found = []
    for path in sorted((out_dir / "sweeps").glob("*.json"), reverse=True):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            found.append((path.with_suffix(".html"), manifest))
    return found


def _card(nb_id: str, result: dict, specs: list, runs: list, sweeps: list, index: Path) -> str:
    mine = [r for r in runs if r.get("id") == nb_id]
    history = [r for r in mine if is_default(r) and r.get("status") == "ok"]
    status = result.get("status", "unknown")
    links = [f'<a href="{esc(nb_id)}.html">report</a>',
             f'<a href="runs.html#{esc(nb_id)}">run history ({len(mine)})</a>']
    my_sweeps = [(p, m) for p, m in sweeps if m.get("notebook") == nb_id]
    if my_sweeps:
        path, manifest = my_sweeps[0]
        more = f" (+{len(my_sweeps) - 1} older)" if len(my_sweeps) > 1 else ""
        swept = " × ".join(manifest.get("grid") or {}) or manifest.get("id", path.stem)
        links.append(f'<a href="{esc(href(path, index))}" title="{esc(manifest.get("id", path.stem))}">'
                     f'sweep of {esc(swept)}</a>{more}')
    latest_default = next((r for r in reversed(mine) if is_default(r)), None)
    ipynb = executed_notebook(latest_default) if latest_default else None
    if ipynb:
        links.append(f'<a href="{esc(href(ipynb, index))}" download>executed .ipynb</a>')
    metrics = result.get("metrics") or {}
    all_metrics = "".join(f"<tr><td>{esc(k)}</td>{cell(v)}</tr>" for k, v in metrics.items())
    error = f'<div class="failed small">{esc(result["error"])}</div>' if result.get("error") else ""
    return (
        f'<article class="card" id="nb-{esc(nb_id)}" data-status="{esc(status)}">'
        f'<h2><a href="{esc(nb_id)}.html">{esc(result.get("title") or nb_id)}</a></h2>'
        f'<div class="small"><span class="{esc(status)}">{esc(status)}</span> · '
        f'{esc(fmt_seconds(result.get("seconds")))} · '
        f'<span class="muted">{esc(fmt_time(result.get("finished")))}</span></div>'
        f'<div class="desc">{short_description(result.get("description") or "")}</div>{error}'
        f'{_headline_rows(specs, metrics, history)}'
        + (f'<details><summary class="small">all recorded metrics ({len(metrics)})</summary>'
           f'<table class="plain">{all_metrics}</table></details>' if metrics else "")
        + f'<div class="links">{" ".join(links)}</div></article>')


def write_index(out_dir: Path, results: dict, runs_dir: Path) -> None:
    """reports/index.html (the dashboard) and reports/runs.html (every recorded run, by notebook).
    `results` maps notebook id to the runner's latest default-parameter result (results.json)."""
    index = out_dir / "index.html"
    runs = load_runs(runs_dir)
    sweeps = _sweeps(out_dir)
    specs = {nb_id: read_headline(_notebook_file(r)) if _notebook_file(r) else [] for nb_id, r in results.items()}
    cards = "".join(_card(nb_id, results[nb_id], specs[nb_id], runs, sweeps, index) for nb_id in sorted(results))
    judged = [verdict(s, (results[nb_id].get("metrics") or {}).get(s["metric"]))
              for nb_id in specs for s in specs[nb_id]]
    tally = ", ".join(f"{judged.count(v)} {label}" for v, label in
                      (("met", "met"), ("missed", "missed"), ("missing", "not recorded")) if judged.count(v))
    sweep_list = "".join(
        f'<li><a href="{esc(href(p, index))}">{esc(m.get("id", p.stem))}</a> — {esc(m.get("notebook", ""))}: '
        f'{esc(", ".join(f"{k} = {v}" for k, v in (m.get("grid") or {}).items()))} '
        f'({len(m.get("runs") or [])} runs)</li>'
        for p, m in sweeps)
    body = (f'<h1>pinlab reports</h1><p class="muted">Each notebook executed on a fresh tslab kernel with its default '
            f'parameters. Sparklines follow each headline metric over past default-parameter runs. '
            f'<a href="runs.html">All runs ({len(runs)})</a></p>'
            + (f'<p id="targets"><b>Targets:</b> {esc(tally)}</p>' if tally else "")
            + f'<div class="cards">{cards}</div>'
            + (f"<h2>Sweeps</h2><ul>{sweep_list}</ul>" if sweeps else ""))
    write_atomic(index, page("pinlab reports", body))
    write_runs_page(out_dir / "runs.html", runs, results)


def write_runs_page(path: Path, runs: list, results: dict) -> None:
    """Every run record, one sortable table per notebook, newest first."""
    ids = sorted({r.get("id") for r in runs if r.get("id")} | set(results))
    sections = []
    for nb_id in ids:
        mine = [r for r in reversed(runs) if r.get("id") == nb_id]
        file = _notebook_file(results.get(nb_id) or {})
        specs = read_headline(file) if file else []
        names = [s["metric"] for s in specs] or sorted({k for r in mine for k, v in (r.get("metrics") or {}).items()
                                                         if is_number(v)})[:8]
        rows = []
        for r in mine:
            report = run_report(r)
            ipynb = executed_notebook(r)
            git = r.get("git") or {}
            commit = str(git.get("commit") or "")[:10] + ("+" if git.get("dirty") else "")
            changed = ", ".join(f"{k}={json.dumps(v)}" for k, v in (r.get("changed") or {}).items())
            sweep = r.get("sweep") or ""
            sweep_page = path.parent / "sweeps" / f"{sweep}.html"
            # A sweep id ends with the hash of its grid: enough to tell sweeps apart in a column.
            sweep_cell = cell(sweep, href(sweep_page, path) if sweep and sweep_page.exists() else "",
                              text=sweep.rsplit("-", 1)[-1])
            rows.append([cell(r["dir"], href(report, path) if report else "", "nowrap"),
                         cell(fmt_time(r.get("started")).removesuffix(" UTC"), css="nowrap"),
                         f'<td class="{esc(r.get("status", ""))}">{esc(r.get("status", ""))}</td>',
                         cell(r.get("seconds")), cell(commit), cell(changed or "defaults"), sweep_cell,
                         *[cell((r.get("metrics") or {}).get(n)) for n in names],
                         cell(".ipynb", href(ipynb, path)) if ipynb else cell("")])
        columns = ["run", "started", "status", "seconds", "commit", "parameters", "sweep", *names, "notebook"]
        listing = table(columns, rows, page_rows=25) if rows else '<p class="muted">no recorded runs</p>'
        sections.append(f'<h2 id="{esc(nb_id)}">{esc(nb_id)}</h2>{listing}')
    # Comparisons written by `npm run compare` (reports/compare/<a>--<b>.html), newest first.
    compared = sorted((path.parent / "compare").glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    comparisons = "".join(f'<li><a href="{esc(href(p, path))}">{esc(p.stem.replace("--", " vs "))}</a></li>'
                          for p in compared)
    body = (f'<p><a href="index.html">← all reports</a></p><h1>Run history</h1><p class="muted">{len(runs)} recorded '
            f'runs (runs/*/run.json), newest first; times in UTC. Compare two with '
            f'<code>npm run compare -- RUN_A RUN_B</code>.</p>'
            + (f"<details><summary>Comparisons ({len(compared)})</summary><ul>{comparisons}</ul></details>"
               if compared else "")
            + "".join(sections))
    write_atomic(path, page("pinlab run history", body))
