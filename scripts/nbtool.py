#!/usr/bin/python3
"""Notebook hygiene for pinlab.

    nbtool.py new NN-name "Title"    scaffold a notebook from the template
    nbtool.py clean [FILES...]       clear outputs and counts, set TypeScript metadata (default: all)
    nbtool.py check [FILES...]       exit 1 naming every notebook that is not clean

Committed notebooks carry no outputs (reports hold them) and declare the tslab kernel and
TypeScript, so exported HTML highlights TypeScript rather than Python.
"""
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

METADATA = {
    "kernelspec": {"name": "tslab", "display_name": "TypeScript (pinlab)", "language": "typescript"},
    "language_info": {
        "name": "typescript",
        "file_extension": ".ts",
        "mimetype": "text/typescript",
        "codemirror_mode": {"name": "javascript", "typescript": True},
        "pygments_lexer": "typescript",
    },
}


def cleaned(nb):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata = nbformat.from_dict({**{k: v for k, v in nb.metadata.items() if k not in METADATA}, **METADATA})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        tags = [t for t in cell.metadata.get("tags", []) if t != "injected-parameters"]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def dump(nb) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def targets(args):
    return [Path(a) for a in args] if args else sorted(NOTEBOOKS.glob("*.ipynb"))


def new(name: str, title: str) -> None:
    path = NOTEBOOKS / f"{name}.ipynb"
    if path.exists():
        raise SystemExit(f"nbtool: {path} exists")
    number = name.split("-")[0]
    cells = [
        nbformat.v4.new_markdown_cell(f"# {number} · {title}\n\nOne paragraph: what this notebook shows and why it matters."),
        nbformat.v4.new_code_cell("import { printVersions, plot, table, markdown, progress, recordMetrics } from 'pinlab';\nprintVersions();"),
        nbformat.v4.new_code_cell("const SEED = 42;", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## 1. First section"),
        nbformat.v4.new_markdown_cell("## Recorded metrics"),
        nbformat.v4.new_code_cell("recordMetrics({ seed: SEED });"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    path.write_text(dump(cleaned(nb)), encoding="utf-8")
    print(f"nbtool: created {path}")


def main(argv) -> int:
    if not argv or argv[0] not in ("new", "clean", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "new":
        if len(rest) != 2:
            print("usage: nbtool.py new NN-name \"Title\"", file=sys.stderr)
            return 2
        new(*rest)
        return 0
    dirty = []
    for path in targets(rest):
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        want = dump(cleaned(nb))
        if cmd == "clean" and want != text:
            tmp = path.with_suffix(".ipynb.tmp")
            tmp.write_text(want, encoding="utf-8")
            tmp.replace(path)
            print(f"nbtool: cleaned {path}")
        elif cmd == "check" and want != text:
            dirty.append(str(path))
    if dirty:
        print("nbtool: not clean (run scripts/nbtool.py clean): " + ", ".join(dirty), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
