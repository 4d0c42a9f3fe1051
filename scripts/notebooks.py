#!/usr/bin/python3
"""Executes pinlab's notebooks on fresh tslab kernels, records every run, writes offline HTML reports.

    notebooks.py run [IDS...] [--set NAME=VALUE]... [--sweep NAME=V1,V2,...]... [--jobs N]
                     [--params JSON] [--out DIR] [--runs DIR] [--result FILE] [--timeout S]
    notebooks.py compare RUN_A RUN_B [--runs DIR] [--out DIR]
    notebooks.py validate FILES... [--params JSON]

IDS select notebooks by number or name prefix ("02", "02-auction-theory"); none means all, in order.
--set (or --params, a JSON object) overrides constants of the notebook's `parameters` cell by name;
each --sweep runs the notebook once per value (several form a grid), --jobs at a time. Values are
checked against their defaults' types and the ranges the notebook declares (metadata
`pinlab.parameters`) before any kernel starts; bad input exits 2 with a one-line error.

Every execution is recorded in runs/<UTC time>-<id>-<params hash>/ (run.json, the executed .ipynb,
the HTML report), written atomically and marked "incomplete" until it ends. A run with default
parameters also writes reports/NN-name.html and its index entry; any failure, including one before
the first cell, marks them FAILED with the reason, and the command exits 1 naming notebook and cell.
`validate` reads notebook files as `run` does, without a kernel, and prints one JSON line per file.
"""
import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import re
import signal
import sys
import time
import warnings
from pathlib import Path

import nbformat

import parameters
import run_record
from atomic_file import write_atomic
from notebook_file import RunnerInputError, read_notebook

# nbclient and nbconvert (report_html) take seconds to import on a loaded machine: they are imported
# where a kernel or a page is needed, so refusals and `validate` answer at once.

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
METRICS_MIME = "application/vnd.pinlab.metrics.v1"
ENV_MIME = "application/vnd.pinlab.env.v1"
KERNEL = "tslab"
# The metrics and env outputs have no HTML form on purpose (a visible table is shown beside metrics).
warnings.filterwarnings("ignore", message=r".*application/vnd\.pinlab\.(metrics|env)\.v1.*")

_kernel_start_lock = None  # set in each worker: jupyter_client picks free ports, tslab binds them later


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


def pinlab_outputs(nb, mime: str) -> dict:
    """The JSON objects a notebook emitted under a pinlab MIME type, merged in cell order."""
    merged = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            raw = out.get("data", {}).get(mime)
            if raw is not None:
                merged.update(json.loads(raw if isinstance(raw, str) else "".join(raw)))
    return merged


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


class Killed(BaseException):
    """A signal stopped the run: not a failure of the notebook (so not caught as one)."""


async def _maybe_await(value):
    return await value if asyncio.iscoroutine(value) else value


async def _execute_cells(client, cell_seconds: list, stopped: dict) -> None:
    """nbclient's execute(), timing each cell. SIGTERM/SIGINT set stopped["signal"] and cancel the run
    (nbclient reports the cancellation as a dead kernel; the flag tells a kill from a crash)."""
    task, lock, loop = asyncio.current_task(), _kernel_start_lock, asyncio.get_running_loop()

    def stop(sig):
        stopped["signal"] = sig
        task.cancel()

    def handle_signals():  # nbclient's own handlers would only shut the kernel down
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop, sig)

    handle_signals()
    if lock:
        lock.acquire()
    try:
        # The kernel is started here rather than by nbclient's setup, so a signal during its start counts too.
        client.km = client.create_kernel_manager()
        try:
            await client.async_start_new_kernel()
            await client.async_start_new_kernel_client()
        except BaseException:
            if client.km.has_kernel:
                await _maybe_await(client.km.shutdown_kernel(now=True))
            raise
        async with client.async_setup_kernel():
            handle_signals()
            info = await client.async_wait_for_reply(await _maybe_await(client.kc.kernel_info()))
            if lock:
                lock.release()  # the kernel has bound its ports: the next one may pick its own
                lock = None
            client.nb.metadata["language_info"] = (info or {}).get("content", {}).get("language_info", {})
            for index, cell in enumerate(client.nb.cells):
                t = time.time()
                await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                if cell.cell_type == "code":
                    cell_seconds[index] = round(time.time() - t, 3)
    finally:
        if lock:
            lock.release()


def execute(nbf, record: dict, timeout: int) -> None:
    """Runs every cell of nbf.nb, filling the record's status, error, failed cell, timings and metrics."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbf.nb
    resources = {"metadata": {"path": str(nbf.path.parent)}}
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, resources=resources)
    cell_seconds = [None] * len(nb.cells)
    status, error, failed_cell = "ok", "", None
    stopped = {"signal": None}
    try:
        try:
            asyncio.run(_execute_cells(client, cell_seconds, stopped))
        finally:
            if stopped["signal"]:
                raise Killed(f"killed by {signal.Signals(stopped['signal']).name} before the run ended")
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        status = "failed"
        # The failing cell is the last one that has run.
        ran = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
        failed_cell = ran[-1] if ran else None
        where = f"cell {failed_cell}" if failed_cell is not None else "kernel"
        detail = (cell_error(nb.cells[failed_cell]) if failed_cell is not None else "") or error_text(e)
        if re.fullmatch(r"<?\w*Error>?:?\s*", detail):
            # tslab gave no message: the kernel process itself failed (e.g. zeromq's EBUSY).
            detail += " (tslab sent no message: the kernel process itself may have failed; see its stderr)"
        error = f"{where}: {detail}"
    except Exception as e:  # the kernel would not start, or died between cells
        first_line = (strip_ansi(str(e)).strip().splitlines() or [""])[0][:400]
        status, error = "failed", f"kernel: {type(e).__name__}: {first_line}"
    # tslab does not always report an error as a failed cell: an error output anywhere is a failure.
    if status == "ok":
        for i, cell in enumerate(nb.cells):
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                status, failed_cell = "failed", i
                error = f"cell {i}: {errors[0].get('ename')}: {strip_ansi(errors[0].get('evalue', ''))[:500]}"
                break
    env = pinlab_outputs(nb, ENV_MIME)
    record["env"].update({k: v for k, v in env.items() if k in ("node", "packages", "tf_backend", "threads")})
    record.update(status=status, error=error, failed_cell=failed_cell, cell_seconds=cell_seconds,
                  metrics=pinlab_outputs(nb, METRICS_MIME))


class Job:
    """One execution: a notebook and its overrides, or the error that refuses it before any kernel starts."""

    def __init__(self, path: Path, overrides: dict, custom: bool, nbf=None, params=None, error=None):
        self.path, self.overrides, self.custom = path, overrides, custom
        self.nbf, self.params, self.error = nbf, params, error
        self.sweep = None

    @property
    def default_run(self) -> bool:
        """Default-parameter runs (and their refusals) own reports/NN-name.html; sweeps and overrides do not."""
        return self.sweep is None and not self.custom


def failed_notebook(nb_id: str, error: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        f"# {nb_id}\n\nThis run failed before its first cell:\n\n    {error}")])


def run_job(job: Job, runs_dir: Path, out: Path, timeout: int) -> dict:
    """Executes one job (or records its early failure) into a run folder; returns its run record."""
    from report_html import to_html

    nb_id = job.path.stem
    defaults = job.nbf.defaults if job.nbf else {}
    params = job.params if job.params is not None else {**defaults, **job.overrides}
    changed = parameters.changed(params, defaults)
    folder, record = run_record.start(runs_dir, nb_id, params, defaults, changed, job.sweep)
    start = time.time()
    print(f"[reports] {nb_id}: {'executing' if not job.error else 'refused'} -> {folder}", flush=True)
    if job.error:
        nb = failed_notebook(nb_id, str(job.error))
        record.update(status="failed", error=str(job.error))
    else:
        parameters.apply(job.nbf, job.overrides)
        nb = job.nbf.nb
        try:
            execute(job.nbf, record, timeout)
        except Killed as e:
            record.update(error=str(e))
            run_record.write(folder, record)
            write_atomic(folder / f"{nb_id}.ipynb", nbformat.writes(nb))
            raise
    record.update(finished=run_record.utc_now(), seconds=round(time.time() - start, 3))
    write_atomic(folder / f"{nb_id}.ipynb", nbformat.writes(nb))
    write_atomic(folder / f"{nb_id}.html", to_html(nb, record, index_href=os.path.relpath(out / "index.html", folder)))
    run_record.write(folder, record)
    if job.default_run:
        # reports/NN-name.html: the same page, linking the executed notebook in the run folder.
        ipynb = os.path.relpath(folder / f"{nb_id}.ipynb", out)
        write_atomic(out / f"{nb_id}.html", to_html(nb, record, ipynb_href=ipynb))
    title, description = notebook_info(nb)
    return {**record, "title": title, "description": description, "file": os.path.relpath(job.path, ROOT),
            "report": str(folder / f"{nb_id}.html"), "run_dir": str(folder), "_default": job.default_run}


def _worker_init(lock, share_file: str) -> None:
    global _kernel_start_lock
    _kernel_start_lock = lock
    # Each kernel's worker pool takes its share of the cores from share_file (PINLAB_THREADS, when
    # set, wins): jobs that each started a full-size pool would put more threads than cores on every
    # parallel kernel, and a fixed share would leave cores idle once the other jobs have finished.
    os.environ["PINLAB_THREAD_SHARE"] = share_file


class ThreadShare:
    """The file kernels read their pool size from (lib/parallel/threads.ts): cores divided among the
    jobs still running, rewritten (atomically) whenever one finishes, so the last ones get every core.
    Changing it mid-run changes no number: pinlab's kernels are bit-identical at any thread count."""

    def __init__(self, slots: int, jobs: int):
        import tempfile

        self.cores = len(os.sched_getaffinity(0))
        self.slots, self.pending = slots, jobs
        self.dir = tempfile.mkdtemp(prefix="pinlab-threads-")
        self.file = os.path.join(self.dir, "threads")
        self.publish()

    def threads(self) -> int:
        return max(1, self.cores // max(1, min(self.slots, self.pending)))

    def publish(self) -> None:
        write_atomic(Path(self.file), f"{self.threads()}\n")

    def finished(self, _result=None) -> None:
        self.pending -= 1
        self.publish()

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)


def previous_seconds(runs_dir: Path, nb_id: str) -> float:
    """The wall seconds of the newest finished run of notebook nb_id in runs_dir, 0 when none."""
    for folder in sorted(runs_dir.glob(f"*-{nb_id}-*"), reverse=True):
        try:
            record = json.loads((folder / "run.json").read_text())
        except (OSError, ValueError):
            continue
        if record.get("id") == nb_id and record.get("status") == "ok":
            return float(record.get("seconds") or 0.0)
    return 0.0


def expected_seconds(path: Path) -> float:
    """A notebook's own estimate of a fresh run (metadata pinlab.fresh_seconds), 0 when it has none."""
    try:
        return float(json.loads(path.read_text()).get("metadata", {}).get("pinlab", {}).get("fresh_seconds") or 0.0)
    except (OSError, ValueError, AttributeError):
        return 0.0


def longest_first(jobs: list, runs_dir: Path) -> list:
    """Job indices, longest expected first, so a pool of N workers does not leave the longest
    notebook for last: by each notebook's last run, else by its metadata's estimate of a fresh run
    (a fresh clone has no runs); unknown ones keep file order after the known."""
    cost = [previous_seconds(runs_dir, job.path.stem) or expected_seconds(job.path) for job in jobs]
    return sorted(range(len(jobs)), key=lambda i: -cost[i])


def _run_job_in_worker(args) -> dict:
    try:
        return run_job(*args)
    except Killed as e:  # returned, not raised: a pool worker that dies on a BaseException hangs the pool
        return {"_killed": str(e)}


def _forward_to_workers(sig, _frame):
    """SIGTERM to the runner reaches each worker, which shuts its kernel down and returns its record."""
    for child in multiprocessing.active_children():
        os.kill(child.pid, sig)


def select(folder: Path, ids: list) -> list:
    all_nbs = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not ids:
        return all_nbs
    chosen = []
    for want in ids:
        hits = [p for p in all_nbs if p.stem == want or p.stem.startswith(want if "-" in want else want + "-")]
        if not hits:
            have = ", ".join(p.stem for p in all_nbs)
            raise RunnerInputError(f"notebook {want!r}", f"no such notebook (have: {have})")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def requested(params_json: dict, sets: list, sweeps: list) -> dict:
    """The overrides as asked for (values as typed), recorded with a refused run."""
    asked = dict(params_json)
    for text in sets + sweeps:
        name, _, value = text.partition("=")
        asked[name.strip()] = value
    return asked


def plan(paths: list, params_json: dict, sets: list, sweeps: list) -> tuple:
    """Jobs for every notebook and grid point, and the grid; every check happens here, before any kernel."""
    if sweeps and len(paths) != 1:
        raise RunnerInputError("--sweep", f"sweeps one notebook at a time, {len(paths)} selected")
    custom = bool(params_json or sets or sweeps)
    jobs, grid = [], {}
    for path in paths:
        nbf = None
        try:
            nbf = read_notebook(path)
            fixed, grid = parameters.overrides_from_cli(nbf, params_json, sets, sweeps)
            points = parameters.grid_points(grid) if grid else [{}]
            for point in points:
                overrides = {**fixed, **point}
                params = parameters.validate(nbf, overrides)
                # Each grid point rewrites its own copy of the parameters cell.
                jobs.append(Job(path, overrides, custom, read_notebook(path) if len(points) > 1 else nbf, params))
        except RunnerInputError as e:
            # A bad notebook file refuses only that notebook; bad command-line input refuses the command.
            jobs = [j for j in jobs if j.path != path]
            jobs.append(Job(path, requested(params_json, sets, sweeps), custom, nbf, error=e))
    return jobs, grid


def update_reports(out: Path, runs_dir: Path, records: list) -> None:
    """Default-parameter runs (and refusals of a default run) replace reports/NN-name.html and the index entry."""
    from report_html import write_index

    results_file = out / "results.json"
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else {}
    for r in records:
        if r["_default"]:
            results[r["id"]] = {k: v for k, v in r.items() if not k.startswith("_")}
    # Forget notebooks that no longer exist.
    results = {k: v for k, v in results.items() if (ROOT / v.get("file", "")).exists()}
    write_atomic(results_file, json.dumps(results, indent=1))
    write_index(out, results, runs_dir)


def command_run(args) -> int:
    out, runs_dir = Path(args.out), Path(args.runs)
    params_json = parameters.parse_params_json(args.params)
    if args.jobs < 1:
        raise RunnerInputError("--jobs", f"must be >= 1, got {args.jobs}")
    paths = select(Path(args.dir).resolve(), args.ids)
    jobs, grid = plan(paths, params_json, args.set, args.sweep)
    refused = [j for j in jobs if j.error and j.nbf is not None]
    if refused:
        # Bad command-line input: record the refusals as FAILED runs and start no kernel at all.
        update_reports(out, runs_dir, [run_job(j, runs_dir, out, args.timeout) for j in refused])
        for j in refused[:-1]:
            print(f"notebooks.py: error: {j.error}", file=sys.stderr)
        raise refused[-1].error
    sweep = None
    if grid:
        nb_id = paths[0].stem
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        sweep = {"id": f"{stamp}-{nb_id}-{run_record.params_hash({'grid': grid, 'set': jobs[0].overrides})}",
                 "notebook": nb_id, "grid": grid, "set": {k: v for k, v in jobs[0].overrides.items() if k not in grid},
                 "runs": []}
        for job in jobs:
            job.sweep = sweep["id"]
    records = execute_all(jobs, runs_dir, args, sweep, out)
    update_reports(out, runs_dir, records)
    if args.result:
        write_atomic(Path(args.result), json.dumps({r["dir"]: {k: v for k, v in r.items() if not k.startswith("_")}
                                                   for r in records}, indent=1))
    failures = []
    for r in records:
        print(f"[reports] {r['id']}: {r['status']} in {r['seconds']:.1f} s -> {r['report']}"
              + (f" ({r['error']})" if r["error"] else ""), flush=True)
        if r["status"] != "ok":
            failures.append(f"{r['id']}.ipynb {r['error']}")
    print(f"[reports] index: {out / 'index.html'}")
    if failures:
        print("[reports] FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


def execute_all(jobs: list, runs_dir: Path, args, sweep, out: Path) -> list:
    from report_html import render_sweep

    manifest = out / "sweeps" / f"{sweep['id']}.json" if sweep else None
    if manifest:
        write_atomic(manifest, json.dumps(sweep, indent=1))
    work = [(job, runs_dir, out, args.timeout) for job in jobs]
    if args.jobs == 1 or len(jobs) == 1:
        records = []
        for w in work:
            records.append(run_job(*w))
            if manifest:
                sweep["runs"].append(records[-1]["dir"])
                write_atomic(manifest, json.dumps(sweep, indent=1))
    else:
        ctx = multiprocessing.get_context("fork")
        order = longest_first(jobs, runs_dir)
        share = ThreadShare(args.jobs, len(jobs))
        try:
            with ctx.Pool(args.jobs, initializer=_worker_init, initargs=(ctx.Lock(), share.file)) as pool:
                previous = signal.signal(signal.SIGTERM, _forward_to_workers)
                try:
                    # Submitted longest first; each finished job hands its cores to those still running.
                    pending = {i: pool.apply_async(_run_job_in_worker, (work[i],), callback=share.finished) for i in order}
                    records = [pending[i].get() for i in range(len(work))]
                finally:
                    signal.signal(signal.SIGTERM, previous)
        finally:
            share.close()
        killed = [r["_killed"] for r in records if "_killed" in r]
        if killed:
            raise Killed(killed[0])
        if manifest:
            sweep["runs"] = [r["dir"] for r in records]
            write_atomic(manifest, json.dumps(sweep, indent=1))
    if manifest:
        print(f"[reports] sweep: {render_sweep(manifest)}", flush=True)
    return records


def command_compare(args) -> int:
    from report_html import render_compare

    runs_dir = Path(args.runs)
    folders = []
    for name in (args.run_a, args.run_b):
        try:
            folders.append(run_record.resolve(runs_dir, name))
        except FileNotFoundError:
            raise RunnerInputError(f"run {name!r}", f"no run.json there or under {runs_dir}") from None
        try:
            run_record.read(folders[-1])
        except (ValueError, json.JSONDecodeError) as e:
            raise RunnerInputError(f"run {name!r}", f"unreadable record: {str(e).splitlines()[0][:300]}") from None
    out = Path(args.out) / "compare" / f"{folders[0].name}--{folders[1].name}.html"
    print(f"[compare] {render_compare(folders[0], folders[1], out)}")
    return 0


def command_validate(args) -> int:
    """One JSON line per file: what `run` would execute, or the error that refuses it."""
    params_json = parameters.parse_params_json(args.params)
    for f in args.files:
        try:
            nbf = read_notebook(Path(f))
            params = parameters.validate(nbf, params_json)
            parameters.apply(nbf, params_json)
            cells = [[c.cell_type, c.source] for c in nbf.nb.cells]
            line = {"file": f, "ok": True, "params": params, "ranges": nbf.ranges, "cells": cells}
        except RunnerInputError as e:
            line = {"file": f, "error": str(e), "type": "RunnerInputError"}
        except Exception as e:  # reported, not raised: a fuzz test counts these (there should be none)
            line = {"file": f, "error": f"{type(e).__name__}: {e}", "type": type(e).__name__}
        print(json.dumps(line), flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("ids", nargs="*")
    run.add_argument("--params", default="{}", help="JSON object of parameter overrides")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override one parameter")
    run.add_argument("--sweep", action="append", default=[], metavar="NAME=V1,V2", help="run once per value (grid)")
    run.add_argument("--jobs", type=int, default=1,
                     help="runs in parallel, each on its own kernel, longest (by last run) first; the cores are divided among the runs still going")
    run.add_argument("--out", default=str(ROOT / "reports"))
    run.add_argument("--runs", default=str(run_record.RUNS), help="folder of run records")
    run.add_argument("--dir", default=str(NOTEBOOKS), help="folder of NN-name.ipynb notebooks")
    run.add_argument("--result", help="also write the run records as JSON to this file")
    run.add_argument("--timeout", type=int, default=3600, help="per-cell timeout in seconds")
    compare = sub.add_parser("compare")
    compare.add_argument("run_a")
    compare.add_argument("run_b")
    compare.add_argument("--runs", default=str(run_record.RUNS))
    compare.add_argument("--out", default=str(ROOT / "reports"))
    validate = sub.add_parser("validate")
    validate.add_argument("files", nargs="+")
    validate.add_argument("--params", default="{}")
    args = ap.parse_args()
    try:
        return {"run": command_run, "compare": command_compare, "validate": command_validate}[args.cmd](args)
    except RunnerInputError as e:
        print(f"notebooks.py: error: {e}", file=sys.stderr)
        return 2
    except Killed:
        print("notebooks.py: killed; the run's record stays 'incomplete'", file=sys.stderr)
        return 143


if __name__ == "__main__":
    sys.exit(main())
