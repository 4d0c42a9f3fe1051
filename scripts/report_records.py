"""Run records (runs/<dir>/run.json) as the report pages read them — tolerantly: a record that cannot
be read is left out of a page rather than failing it (the runner's run_record.py writes and checks
them) — and notebooks' headline metrics with their targets (notebook metadata `pinlab.headline`)."""
import json
from pathlib import Path

from report_page import fmt, is_number


def load_record(run_dir: Path) -> dict | None:
    """A run's record with `_dir` (its folder) added; None when it has none or it is unreadable."""
    try:
        record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    record["_dir"] = run_dir
    record.setdefault("dir", run_dir.name)
    return record


def load_runs(runs_dir: Path) -> list:
    """Every readable record under runs_dir, oldest first (by start time, then folder name)."""
    if not runs_dir.is_dir():
        return []
    records = [r for r in (load_record(d) for d in runs_dir.iterdir() if d.is_dir()) if r]
    return sorted(records, key=lambda r: (str(r.get("started") or ""), r["dir"]))


def is_default(record: dict) -> bool:
    """A run with the notebook's default parameters (no sweep, nothing changed)."""
    return not record.get("changed") and not record.get("sweep")


def executed_notebook(record: dict) -> Path | None:
    path = record["_dir"] / f"{record.get('id')}.ipynb"
    return path if path.is_file() else None


def run_report(record: dict) -> Path | None:
    path = record["_dir"] / f"{record.get('id')}.html"
    return path if path.is_file() else None


def headline_specs(metadata: dict) -> list:
    """The notebook's declared headline metrics (`metadata.pinlab.headline`), well-formed ones only."""
    specs = ((metadata or {}).get("pinlab") or {}).get("headline") or []
    return [s for s in specs if isinstance(s, dict) and isinstance(s.get("metric"), str)]


def read_headline(notebook_file: Path) -> list:
    try:
        nb = json.loads(notebook_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return headline_specs(nb.get("metadata", {}))


def verdict(spec: dict, value) -> str | None:
    """"met" or "missed" against the spec's inclusive min/max; "missing" when a target has no
    numeric value to judge; None when the spec sets no target."""
    lo, hi = spec.get("min"), spec.get("max")
    if lo is None and hi is None:
        return None
    if not is_number(value):
        return "missing"
    return "met" if (lo is None or value >= lo) and (hi is None or value <= hi) else "missed"


def target_text(spec: dict) -> str:
    lo, hi = spec.get("min"), spec.get("max")
    if lo is not None and hi is not None:
        return f"{fmt(lo)} – {fmt(hi)}"
    if lo is not None:
        return f"≥ {fmt(lo)}"
    if hi is not None:
        return f"≤ {fmt(hi)}"
    return ""


def interval(metrics: dict, name: str) -> tuple | None:
    """The (lo, hi) confidence interval a notebook records as `<name>_lo` / `<name>_hi`, if any."""
    lo, hi = metrics.get(f"{name}_lo"), metrics.get(f"{name}_hi")
    return (lo, hi) if is_number(lo) and is_number(hi) else None


def is_bound(name: str, metrics: dict) -> bool:
    """True for `x_lo` / `x_hi` when `x` is itself a metric: they are shown as its interval."""
    for suffix in ("_lo", "_hi"):
        if name.endswith(suffix) and name[: -len(suffix)] in metrics:
            return True
    return False

