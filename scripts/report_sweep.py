"""A sweep's page (reports/sweeps/<id>.html): one chart per recorded metric against the swept
parameter, one line per value of the other swept parameters, confidence intervals as error bars
where the notebook records `<metric>_lo` / `<metric>_hi`, and a table of every run."""
import itertools
import json
from pathlib import Path

from atomic_file import write_atomic
from report_page import cell, esc, fmt, href, is_number, page, plot_div, plotly_script, table
from report_records import interval, is_bound, load_record, run_report


def _param(record: dict, name: str):
    return (record.get("params") or {}).get(name, (record.get("changed") or {}).get(name))


def _metric_names(records: list) -> list:
    """Numeric metrics of the successful runs, in first-recorded order, bounds excluded."""
    merged = {}
    for r in records:
        merged.update({k: v for k, v in (r.get("metrics") or {}).items() if is_number(v)})
    return [k for k in merged if not is_bound(k, merged)]


def _traces(metric: str, grid: dict, records: list) -> list:
    names = list(grid)
    x_name, others = names[0], names[1:]
    x_values = grid[x_name]
    numeric_x = all(is_number(v) for v in x_values)
    traces = []
    for combo in itertools.product(*(grid[n] for n in others)):
        runs = [r for r in records if all(_param(r, n) == v for n, v in zip(others, combo))
                and is_number((r.get("metrics") or {}).get(metric)) and _param(r, x_name) in x_values]
        if not runs:
            continue
        runs.sort(key=lambda r: x_values.index(_param(r, x_name)))
        ys = [r["metrics"][metric] for r in runs]
        trace = {"type": "scatter", "mode": "lines+markers",
                 "x": [_param(r, x_name) if numeric_x else str(_param(r, x_name)) for r in runs], "y": ys,
                 "name": ", ".join(f"{n} = {v}" for n, v in zip(others, combo)) or metric,
                 "text": [r["dir"] for r in runs], "hovertemplate": "%{y}<br>%{text}<extra>%{fullData.name}</extra>"}
        bounds = [interval(r["metrics"], metric) for r in runs]
        if any(bounds):
            trace["error_y"] = {"type": "data", "symmetric": False,
                                "array": [b[1] - y if b else None for b, y in zip(bounds, ys)],
                                "arrayminus": [y - b[0] if b else None for b, y in zip(bounds, ys)]}
        traces.append(trace)
    return traces


def _chart(index: int, metric: str, grid: dict, records: list) -> str:
    x_name = next(iter(grid))
    x_values = grid[x_name]
    xaxis = {"title": {"text": x_name}}
    if not all(is_number(v) for v in x_values):
        xaxis.update(type="category", categoryorder="array", categoryarray=[str(v) for v in x_values])
    layout = {"title": {"text": metric}, "xaxis": xaxis, "yaxis": {"title": {"text": metric}},
              "showlegend": len(grid) > 1, "legend": {"orientation": "h", "y": -0.25}}
    return plot_div(f"sweep-chart-{index}", _traces(metric, grid, records), layout)


def render_sweep(manifest_path: Path, runs_dir: Path | None = None) -> Path:
    """Writes <manifest>.html beside reports/sweeps/<id>.json ({ id, notebook, grid, runs }) and
    returns its path. Run folders are looked up in runs_dir, by default the runs/ folder beside
    reports/. Runs that failed or left no record are listed in the table, not plotted."""
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    out = Path(manifest_path).with_suffix(".html")
    runs_dir = runs_dir or out.parent.parent.parent / "runs"
    grid = {k: list(v) for k, v in (manifest.get("grid") or {}).items()}
    sweep_id = manifest.get("id") or out.stem
    notebook = manifest.get("notebook") or ""
    loaded = [(name, load_record(runs_dir / name)) for name in manifest.get("runs") or []]
    ok = [r for _, r in loaded if r and r.get("status") == "ok"]
    # Metrics the sweep did not move are listed once rather than charted as flat lines.
    metrics = [m for m in _metric_names(ok) if len({r["metrics"].get(m) for r in ok}) > 1]
    constant = {m: ok[0]["metrics"][m] for m in _metric_names(ok) if m not in metrics}
    listed = [k for k in dict.fromkeys(k for r in ok for k in (r.get("metrics") or {})) if k not in constant]
    charts = "".join(_chart(i, m, grid, ok) for i, m in enumerate(metrics)) if grid else ""
    rows = []
    for name, r in loaded:
        if r is None:
            rows.append([cell(name), '<td class="missing">no record</td>', *[cell("") for _ in [*grid, *listed]],
                         cell("")])
            continue
        report = run_report(r)
        status = str(r.get("status") or "")
        rows.append([cell(name, href(report, out) if report else "", "nowrap"),
                     f'<td class="{esc(status)}">{esc(status)}</td>',
                     *[cell(_param(r, n)) for n in grid], *[cell((r.get("metrics") or {}).get(m)) for m in listed],
                     cell(r.get("seconds"))])
    failed = len(loaded) - len(ok)
    grid_text = " × ".join(f"{esc(k)} ∈ {{{esc(', '.join(json.dumps(v) for v in vals))}}}"
                           for k, vals in grid.items())
    unchanged = ", ".join(f"<code>{esc(k)} = {esc(fmt(v))}</code>" for k, v in constant.items())
    fixed = manifest.get("set") or {}
    fixed_text = (" with " + ", ".join(f"<code>{esc(k)} = {esc(json.dumps(v))}</code>" for k, v in fixed.items())
                  if fixed else "")
    body = (
        f'<p><a href="{esc(href(out.parent.parent / "index.html", out))}">← all reports</a> · '
        f'<a href="{esc(href(out.parent.parent / "runs.html", out))}#{esc(notebook)}">run history</a></p>'
        f"<h1>Sweep {esc(sweep_id)}</h1>"
        f"<p>Notebook <b>{esc(notebook)}</b> over {grid_text}{fixed_text}: {len(loaded)} runs"
        + (f', <span class="failed">{failed} failed or unrecorded (not plotted)</span>' if failed else "")
        + ". Error bars are the confidence intervals the notebook records (<code>metric_lo</code> / "
          "<code>metric_hi</code>) where it records them.</p>"
        + (plotly_script() + f'<div class="charts">{charts}</div>' if charts else '<p class="muted">no numeric metric '
           'varied across the successful runs</p>')
        + (f'<p class="small">Unchanged across the sweep: {unchanged}</p>' if constant else "")
        + "<h2>Runs</h2>" + table(["run", "status", *grid, *listed, "seconds"], rows))
    write_atomic(out, page(f"sweep {sweep_id}", body))
    return out
