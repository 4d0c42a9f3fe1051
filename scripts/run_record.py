"""Run records: runs/<UTC time>-<id>-<params hash>/run.json (schema in run-record.schema.json).

A record is written with status "incomplete" before any work starts and rewritten when the run ends,
each time atomically, so a killed run leaves an incomplete record and never one that looks finished.
"""
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jsonschema

from atomic_file import write_atomic

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "runs"
SCHEMA = json.loads((Path(__file__).parent / "run-record.schema.json").read_text(encoding="utf-8"))


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def params_hash(params: dict) -> str:
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:8]


def git_state(root: Path = ROOT) -> dict:
    """HEAD's commit and whether tracked or untracked (not ignored) files differ from it."""
    def git(*args):
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
        return done.stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": git("status", "--porcelain") != ""}
    except (subprocess.CalledProcessError, FileNotFoundError):
        return {"commit": None, "dirty": None}


def machine() -> dict:
    memory_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    except OSError:
        pass
    memory_gb = round(memory_kb / 2**20, 1) if memory_kb else None
    return {"cores": os.cpu_count(), "memory_gb": memory_gb, "platform": sys.platform}


def node_version() -> str:
    try:
        return subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def base_env() -> dict:
    """What the runner knows without a kernel; the kernel's own report (printVersions) overrides it."""
    # As lib/parallel's threadCount: PINLAB_THREADS, else every core.
    raw = os.environ.get("PINLAB_THREADS", "")
    threads = int(raw) if raw.isdigit() and int(raw) > 0 else os.cpu_count()
    return {"node": node_version(), "packages": {}, "tf_backend": None, "threads": threads, "machine": machine()}


def new_run_dir(runs_dir: Path, nb_id: str, params: dict) -> Path:
    """Creates runs/<UTC time>-<id>-<hash>/; the same parameters within one second wait for the next."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    while True:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path = runs_dir / f"{stamp}-{nb_id}-{params_hash(params)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            time.sleep(0.2)


def start(runs_dir: Path, nb_id: str, params: dict, defaults: dict, changed: dict, sweep=None) -> tuple:
    """Creates the run folder and its incomplete record; returns (folder, record)."""
    folder = new_run_dir(runs_dir, nb_id, params)
    record = {
        "schema": 1, "id": nb_id, "dir": folder.name, "status": "incomplete", "failed_cell": None, "error": "",
        "git": git_state(), "params": params, "defaults": defaults, "changed": changed, "env": base_env(),
        "started": utc_now(), "finished": None, "seconds": 0.0, "cell_seconds": [], "metrics": {}, "sweep": sweep,
    }
    write(folder, record)
    return folder, record


def write(folder: Path, record: dict) -> None:
    problems = check(record)
    if problems:
        raise ValueError(f"run record {folder.name} breaks its schema: {'; '.join(problems)}")
    write_atomic(folder / "run.json", json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def check(record) -> list:
    """Every way `record` breaks the run-record schema (empty when it is valid)."""
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path)) or 'record'}: {e.message}" for e in validator.iter_errors(record)]


def resolve(runs_dir: Path, name: str) -> Path:
    """A run folder from its name (under runs_dir) or a path."""
    for path in (Path(name), runs_dir / name):
        if (path / "run.json").is_file():
            return path
    raise FileNotFoundError(name)


def read(folder: Path) -> dict:
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    problems = check(record)
    if problems:
        raise ValueError(f"{folder / 'run.json'}: {'; '.join(problems)}")
    return record
