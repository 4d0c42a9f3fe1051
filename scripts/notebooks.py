#!/usr/bin/python3
"""Executes pinlab's notebooks on fresh tslab kernels and writes self-contained HTML reports.

    notebooks.py run [IDS...] [--params JSON] [--out DIR] [--result FILE] [--timeout S]

IDS select notebooks by number or name prefix ("02", "02-auction-theory"); none means all, in
order. --params overrides constants of each notebook's `parameters` cell by name (small values
for tests). Every report is written atomically; a notebook that fails gets a report marked
FAILED (never a stale one that looks fresh), and the command exits 1 naming notebook and cell.
The index page lists every notebook with its status, run time and recorded metrics.
"""
import argparse
import warnings
import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from atomic_file import write_atomic
from report_html import to_html, write_index

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
METRICS_MIME = "application/vnd.pinlab.metrics.v1"
KERNEL = "tslab"
# The metrics output has no HTML form on purpose (a visible table is shown beside it).
warnings.filterwarnings("ignore", message=".*application/vnd.pinlab.metrics.v1.*")


class ParameterError(Exception):
    pass


def ts_literal(value) -> str:
    """A JSON value is a valid TypeScript literal."""
    return json.dumps(value)


def apply_parameters(nb, params: dict) -> None:
    """Replaces `const NAME = …;` lines of the cell tagged `parameters`, keeping any type annotation."""
    if not params:
        return
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"expected exactly one code cell tagged 'parameters', found {len(cells)}")
    cell = cells[0]
    source = cell.source
    for name, value in params.items():
        pattern = re.compile(rf"^(\s*(?:const|let)\s+{re.escape(name)}\s*(?::[^=]+)?=\s*)(.*?)(;?\s*(?://.*)?)$", re.M)
        source, count = pattern.subn(lambda m: m.group(1) + ts_literal(value) + ";", source, count=1)
        if count == 0:
            raise ParameterError(f"parameter {name} is not declared in the parameters cell")
    cell.source = source
    cell.metadata.setdefault("tags", []).append("injected-parameters")


def notebook_info(nb) -> tuple:
    """Title (first markdown heading) and description: the first prose paragraph after it, as raw
    markdown (the index shortens it at a word boundary, see report_dashboard.short_description)."""
    title, paragraph = None, []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if paragraph and (not line or line.startswith("#")):
                return title, " ".join(paragraph)
            if not line:
                continue
            if title is None and line.startswith("#"):
                title = line.lstrip("#").strip()
            elif title is not None and not line.startswith("#"):
                paragraph.append(line)
        if paragraph:
            return title, " ".join(paragraph)
    return title or "untitled", ""


def collect_metrics(nb) -> dict:
    metrics = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if METRICS_MIME in data:
                raw = data[METRICS_MIME]
                metrics.update(json.loads(raw if isinstance(raw, str) else "".join(raw)))
    return metrics


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # tslab colours its tracebacks


def error_text(e: Exception) -> str:
    """nbclient's message is the cell source followed by `ename: evalue`; keep the latter."""
    lines = [l for l in strip_ansi(str(e)).split("------------------")[-1].strip().splitlines() if l.strip()]
    return (lines[0] if lines else type(e).__name__)[:500]


def cell_error(cell) -> str:
    """tslab reports exceptions and type errors on the cell's stderr, with an empty error reply."""
    text = strip_ansi("".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr"))
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for line in lines:
        if re.match(r"^[A-Za-z]*Error\b", line):
            return line[:500]
    return lines[0][:500] if lines else ""


def execute(path: Path, params: dict, timeout: int) -> dict:
    nb = nbformat.read(path, as_version=4)
    title, description = notebook_info(nb)
    apply_parameters(nb, params)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
    start = time.time()
    status, error, failed_cell = "ok", "", None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        status = "failed"
        # The failing cell is the last one that has run.
        ran = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
        failed_cell = ran[-1] if ran else None
        where = f"cell {failed_cell}" if failed_cell is not None else "kernel"
        detail = cell_error(nb.cells[failed_cell]) if failed_cell is not None else ""
        detail = detail or error_text(e)
        if re.fullmatch(r"<?\w*Error>?:?\s*", detail):
            # tslab gave no message: the kernel process itself failed (e.g. zeromq's EBUSY).
            detail += " (tslab sent no message: the kernel process itself may have failed; see its stderr)"
        error = f"{where}: {detail}"
    seconds = time.time() - start
    # tslab does not always report an error as a failed cell: an error output anywhere is a failure.
    if status == "ok":
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    status, failed_cell = "failed", i
                    error = f"cell {i}: {out.get('ename')}: {strip_ansi(out.get('evalue', ''))[:500]}"
                    break
            if status != "ok":
                break
    return {
        "id": path.stem,
        "file": os.path.relpath(path, ROOT),
        "title": title,
        "description": description,
        "status": status,
        "error": error,
        "failed_cell": failed_cell,
        "seconds": round(seconds, 1),
        "finished": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "params": params,
        "metrics": collect_metrics(nb),
        "_nb": nb,
    }


def select(folder: Path, ids: list) -> list:
    all_nbs = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not ids:
        return all_nbs
    chosen = []
    for want in ids:
        hits = [p for p in all_nbs if p.stem == want or p.stem.startswith(want if "-" in want else want + "-")]
        if not hits:
            raise SystemExit(f"notebooks.py: no notebook matches '{want}' (have: {', '.join(p.stem for p in all_nbs)})")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("ids", nargs="*")
    run.add_argument("--params", default="{}", help="JSON object of parameter overrides")
    run.add_argument("--out", default=str(ROOT / "reports"))
    run.add_argument("--dir", default=str(NOTEBOOKS), help="folder of NN-name.ipynb notebooks")
    run.add_argument("--result", help="also write the results as JSON to this file")
    run.add_argument("--timeout", type=int, default=3600, help="per-cell timeout in seconds")
    args = ap.parse_args()

    params = json.loads(args.params)
    if not isinstance(params, dict):
        raise SystemExit("notebooks.py: --params must be a JSON object")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results_file = out / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    # Forget notebooks that no longer exist.
    folder = Path(args.dir).resolve()
    existing = {p.stem for p in folder.glob("[0-9][0-9]-*.ipynb")}
    results = {k: v for k, v in results.items() if k in existing}

    failures = []
    fresh = {}
    for path in select(folder, args.ids):
        print(f"[reports] {path.stem}: executing ...", flush=True)
        try:
            r = execute(path, params, args.timeout)
        except ParameterError as e:
            raise SystemExit(f"notebooks.py: {path.stem}: {e}")
        nb = r.pop("_nb")
        write_atomic(out / f"{path.stem}.html", to_html(nb, {**r, "changed": params}))
        results[path.stem] = fresh[path.stem] = r
        write_atomic(results_file, json.dumps(results, indent=1))
        write_index(out, results, ROOT / "runs")
        print(f"[reports] {path.stem}: {r['status']} in {r['seconds']} s -> {out / (path.stem + '.html')}" + (f" ({r['error']})" if r["error"] else ""), flush=True)
        if r["status"] != "ok":
            failures.append(f"{path.stem}.ipynb {r['error']}")
    if args.result:
        write_atomic(Path(args.result), json.dumps(fresh, indent=1))
    print(f"[reports] index: {out / 'index.html'}")
    if failures:
        print("[reports] FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
