"""Parameter overrides: read from the command line, checked against a notebook, written into its cell.

A value must have its default's type (number, string, boolean, or an array of those) and stay within
the range the notebook declares (metadata `pinlab.parameters`). Every check runs before a kernel starts.
"""
import itertools
import json
import math

from notebook_file import NotebookFile, RunnerInputError, refuse_constant, range_violation


def parse_params_json(text: str) -> dict:
    try:
        value = json.loads(text, parse_constant=refuse_constant)
    except (json.JSONDecodeError, ValueError) as e:
        raise RunnerInputError("--params", f"not a JSON object ({getattr(e, 'msg', e)})") from None
    if not isinstance(value, dict):
        raise RunnerInputError("--params", f"must be a JSON object, got {type(value).__name__}")
    return value


def split_assignment(text: str, flag: str) -> tuple:
    name, eq, value = text.partition("=")
    if not eq or not name.strip():
        raise RunnerInputError(flag, f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def split_values(text: str, flag: str) -> list:
    """v1,v2,v3 split at top-level commas (not inside [...] or quotes)."""
    items, depth, quote, start = [], 0, None, 0
    for i, c in enumerate(text):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    if any(not s.strip() for s in items):
        raise RunnerInputError(flag, f"empty value in {text!r}")
    return items


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else "object"


def from_text(text: str, default, where: str):
    """A command-line value read as its default's type: strings as written, everything else as JSON."""
    if isinstance(default, str):
        if text.startswith(('"', "'")) and len(text) >= 2 and text[-1] == text[0]:
            return text[1:-1]
        return text
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except (json.JSONDecodeError, ValueError):
        raise RunnerInputError(where, f"{text!r} is not a {_type_name(default)}") from None


def check_value(value, default, where: str) -> None:
    want, got = _type_name(default), _type_name(value)
    if default is not None and want != got:
        raise RunnerInputError(
            where, f"must be a {want} like its default {json.dumps(default)}, got {got} {json.dumps(value)}")
    if got == "number" and not math.isfinite(value):
        raise RunnerInputError(where, f"must be finite, got {value}")
    if got == "array" and default:
        for i, v in enumerate(value):
            check_value(v, default[0], f"{where}[{i}]")


def validate(nbf: NotebookFile, overrides: dict) -> dict:
    """The effective parameters of `nbf` with `overrides`, or a RunnerInputError naming the first bad one."""
    nb_id = nbf.path.stem
    for name, value in overrides.items():
        where = f"{nb_id}: parameter {name}"
        if name not in nbf.params:
            raise RunnerInputError(where, f"not declared in the parameters cell (declared: {', '.join(nbf.params)})")
        check_value(value, nbf.params[name].default, where)
        why = range_violation(value, nbf.ranges.get(name, {}))
        if why:
            raise RunnerInputError(where, f"{why} (range declared in the notebook's metadata)")
    return {**nbf.defaults, **overrides}


def apply(nbf: NotebookFile, overrides: dict) -> None:
    """Writes the overriding literals into the parameters cell, keeping annotations and comments."""
    if not overrides:
        return
    cell = nbf.nb.cells[nbf.cell_index]
    source = cell.source
    for d in sorted(nbf.params.values(), key=lambda d: -d.start):
        if d.name in overrides:
            source = source[:d.start] + json.dumps(overrides[d.name]) + source[d.end:]
    cell.source = source
    cell.metadata.setdefault("tags", []).append("injected-parameters")


def changed(params: dict, defaults: dict) -> dict:
    return {k: v for k, v in params.items() if defaults.get(k) != v}


def overrides_from_cli(nbf: NotebookFile, params_json: dict, sets: list, sweeps: list) -> tuple:
    """(fixed overrides, grid {NAME: [values]}) from --params, --set and --sweep, typed by the defaults."""
    fixed = dict(params_json)
    grid = {}
    for flag, items in (("--set", sets), ("--sweep", sweeps)):
        for text in items:
            name, raw = split_assignment(text, flag)
            where = f"{flag} {name}"
            if name not in nbf.params:
                raise RunnerInputError(f"{nbf.path.stem}: parameter {name}",
                                       f"not declared in the parameters cell (declared: {', '.join(nbf.params)})")
            default = nbf.params[name].default
            if flag == "--set":
                fixed[name] = from_text(raw, default, where)
            else:
                if name in grid:
                    raise RunnerInputError(where, "swept twice")
                grid[name] = [from_text(v.strip(), default, where) for v in split_values(raw, where)]
    for name in grid:
        if name in fixed:
            raise RunnerInputError(f"--sweep {name}", "is also set by --set or --params")
    return fixed, grid


def grid_points(grid: dict) -> list:
    """Every combination of the swept values (the first --sweep varies slowest)."""
    names = list(grid)
    return [dict(zip(names, combo)) for combo in itertools.product(*(grid[n] for n in names))]
