"""Two runs side by side: parameter differences, metric differences (and whether their confidence
intervals overlap where both record `<metric>_lo` / `<metric>_hi`), environment, run time per cell."""
import json
from pathlib import Path

import nbformat

from atomic_file import write_atomic
from report_page import cell, esc, fmt, fmt_seconds, fmt_time, href, is_number, page, table
from report_records import executed_notebook, interval, is_bound, load_record, run_report


def _load(run_dir: Path) -> dict:
    record = load_record(Path(run_dir))
    if record is None:
        raise FileNotFoundError(f"no readable run record at {Path(run_dir) / 'run.json'}")
    return record


def _json(value) -> str:
    return "" if value is None else json.dumps(value)


def _parameters(a: dict, b: dict) -> str:
    pa, pb = a.get("params") or {}, b.get("params") or {}
    names = list(dict.fromkeys([*pa, *pb]))
    differ = [n for n in names if pa.get(n) != pb.get(n)]
    same = [n for n in names if n not in differ]
    rows = "".join(f'<tr class="differs"><td>{esc(n)}</td><td><code>{esc(_json(pa.get(n)))}</code></td>'
                   f'<td><code>{esc(_json(pb.get(n)))}</code></td></tr>' for n in differ)
    table_html = (f'<table class="plain" id="parameter-differences"><thead><tr><th>parameter</th><th>A</th><th>B</th>'
                  f'</tr></thead><tbody>{rows}</tbody></table>' if differ else "<p>Same parameters.</p>")
    rest = ", ".join(f"<code>{esc(n)} = {esc(_json(pa.get(n)))}</code>" for n in same)
    return table_html + (f'<p class="muted small">Equal in both: {rest}</p>' if same else "")


def _overlap(ia, ib) -> str:
    if not ia or not ib:
        return ""
    return "yes" if max(ia[0], ib[0]) <= min(ia[1], ib[1]) else "no"


def _metrics(a: dict, b: dict) -> str:
    ma, mb = a.get("metrics") or {}, b.get("metrics") or {}
    merged = {**ma, **mb}
    rows = []
    for name in dict.fromkeys([*ma, *mb]):
        if is_bound(name, merged):
            continue
        va, vb = ma.get(name), mb.get(name)
        ia, ib = interval(ma, name), interval(mb, name)
        numeric = is_number(va) and is_number(vb)
        ratio = vb / va if numeric and va != 0 else None
        shown_a = fmt(va) + (f" [{fmt(ia[0])}, {fmt(ia[1])}]" if ia else "")
        shown_b = fmt(vb) + (f" [{fmt(ib[0])}, {fmt(ib[1])}]" if ib else "")
        rows.append([cell(name), f'<td class="num" data-v="{esc(va if va is not None else "")}">{esc(shown_a)}</td>',
                     f'<td class="num" data-v="{esc(vb if vb is not None else "")}">{esc(shown_b)}</td>',
                     cell(vb - va if numeric else ("same" if va == vb else "differs")), cell(ratio),
                     cell(_overlap(ia, ib))])
    return table(["metric", "A", "B", "B − A", "B / A", "intervals overlap"], rows, page_rows=100)


def _environment(a: dict, b: dict) -> str:
    def facts(r):
        git, env = r.get("git") or {}, r.get("env") or {}
        out = {"commit": str(git.get("commit") or "")[:10] + (" (dirty)" if git.get("dirty") else ""),
               "status": r.get("status"), "started": fmt_time(r.get("started")),
               "run time": fmt_seconds(r.get("seconds")),
               "TF.js backend": env.get("tf_backend"), "threads": env.get("threads"), "node": env.get("node")}
        machine = env.get("machine") or {}
        out.update({f"machine {k}": v for k, v in machine.items()})
        out.update({f"package {k}": v for k, v in (env.get("packages") or {}).items()})
        return out

    fa, fb = facts(a), facts(b)
    rows = "".join(
        f'<tr{" class=differs" if fa.get(k) != fb.get(k) else ""}><td>{esc(k)}</td><td>{esc(fmt(fa.get(k)))}</td>'
        f"<td>{esc(fmt(fb.get(k)))}</td></tr>" for k in dict.fromkeys([*fa, *fb]))
    return f'<table class="plain"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>{rows}</tbody></table>'


def _cell_labels(record: dict) -> list:
    """Each cell's first source line, from the run's executed notebook when it was kept."""
    path = executed_notebook(record)
    if not path:
        return []
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return []
    return [(c.source.strip().splitlines() or [""])[0][:80] for c in nb.cells]


def _cell_times(a: dict, b: dict) -> str:
    ta, tb = a.get("cell_seconds") or [], b.get("cell_seconds") or []
    labels_a, labels_b = _cell_labels(a), _cell_labels(b)
    longest = max([t for t in [*ta, *tb] if is_number(t)] or [1.0]) or 1.0
    rows = []
    for i in range(max(len(ta), len(tb))):
        sa = ta[i] if i < len(ta) else None
        sb = tb[i] if i < len(tb) else None
        if sa is None and sb is None:
            continue  # a markdown cell in both
        label = (labels_a[i] if i < len(labels_a) else "") or (labels_b[i] if i < len(labels_b) else "")
        bars = "".join(f'<span class="bar{c}" style="width:{max(1, round(160 * s / longest))}px"></span><br>'
                       for s, c in ((sa, ""), (sb, " b")) if is_number(s))
        ratio = sb / sa if is_number(sa) and is_number(sb) and sa > 0 else None
        first_line = f"<td><code>{esc(label)}</code></td>" if label else cell("")
        rows.append([cell(i), first_line, cell(sa), cell(sb), cell(ratio), f"<td>{bars}</td>"])
    if not rows:
        return '<p class="muted">Neither record has per-cell times.</p>'
    return table(["cell", "first line", "A (s)", "B (s)", "B / A", "blue A, orange B"], rows, page_rows=100)


def render_compare(run_a: Path, run_b: Path, out: Path) -> Path:
    """Writes the comparison of two run folders (runs/<dir>/ with run.json) to `out`, returns it."""
    a, b = _load(run_a), _load(run_b)
    out = Path(out)

    def link(r):
        report = run_report(r)
        name = esc(r["dir"])
        return f'<a href="{esc(href(report, out))}">{name}</a>' if report else name

    warn = ("" if a.get("id") == b.get("id") else
            f'<p class="failed">These runs are of different notebooks ({esc(a.get("id"))}, {esc(b.get("id"))}).</p>')
    body = (f"<h1>Comparing two runs</h1><p><b>A</b> {link(a)}<br><b>B</b> {link(b)}</p>{warn}"
            f'<h2 id="parameters">Parameters</h2>{_parameters(a, b)}'
            f'<h2 id="metrics">Metrics</h2>{_metrics(a, b)}'
            f'<h2 id="environment">Provenance and environment</h2>{_environment(a, b)}'
            f'<h2 id="cells">Run time per cell</h2>{_cell_times(a, b)}')
    write_atomic(out, page(f"compare {a['dir']} and {b['dir']}", body))
    return out
