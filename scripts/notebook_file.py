"""Reads a pinlab notebook and its `parameters` cell, trusting nothing in the file.

read_notebook(path) returns the notebook with its declared parameters (defaults parsed from their
TypeScript literals) and the ranges its metadata declares under `pinlab.parameters`; anything it
cannot read is a RunnerInputError naming the file and what is wrong, in one line.
"""
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4.rwbase import rejoin_lines
from nbformat.validator import ValidationError

RANGE_KEYS = {"min", "max", "integer"}


class RunnerInputError(Exception):
    """Bad input to the runner (a file, a parameter, a command-line value), named in a one-line message."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass
class Declaration:
    name: str
    default: object
    start: int  # span of the literal in the cell source, replaced when the parameter is overridden
    end: int


@dataclass
class NotebookFile:
    path: Path
    nb: object
    cell_index: int  # index of the `parameters` cell
    params: dict = field(default_factory=dict)  # name -> Declaration, in source order
    ranges: dict = field(default_factory=dict)  # name -> {"min"?, "max"?, "integer"?}

    @property
    def defaults(self) -> dict:
        return {name: d.default for name, d in self.params.items()}


class _LiteralParser:
    """The TypeScript literals a parameters cell may hold: numbers, strings, booleans, null, arrays."""

    NUMBER = re.compile(r"-?(?:0|[1-9][0-9_]*)(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?")

    def __init__(self, text: str, pos: int):
        self.text, self.pos = text, pos

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def value(self):
        self.skip_space()
        if self.pos >= len(self.text):
            raise ValueError("value missing")
        c = self.text[self.pos]
        if c in "'\"":
            return self.string(c)
        if c == "[":
            return self.array()
        for word, v in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos) and not re.match(r"\w", self.text[self.pos + len(word):][:1]):
                self.pos += len(word)
                return v
        m = self.NUMBER.match(self.text, self.pos)
        if m and not re.match(r"[\w.]", self.text[m.end():][:1]):
            self.pos = m.end()
            s = m.group(0).replace("_", "")
            n = float(s) if re.search(r"[.eE]", s) else int(s)
            if isinstance(n, float) and not math.isfinite(n):
                raise ValueError(f"number {m.group(0)} is not finite")
            return n
        raise ValueError(f"not a literal: {self.text[self.pos:self.pos + 30].splitlines()[0]!r}")

    def string(self, quote: str) -> str:
        end = self.pos + 1
        while end < len(self.text) and self.text[end] != quote:
            if self.text[end] == "\n":
                break
            end += 2 if self.text[end] == "\\" else 1
        if end >= len(self.text) or self.text[end] != quote:
            raise ValueError("unterminated string")
        body = self.text[self.pos + 1:end]
        self.pos = end + 1
        # A single-quoted body becomes a JSON string: its \' is a plain quote there, a bare " needs escaping.
        if quote == "'":
            body = re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', body.replace("\\'", "'"))
        try:
            return json.loads(f'"{body}"')
        except json.JSONDecodeError as e:
            raise ValueError(f"bad string escape ({e.msg})") from None

    def array(self) -> list:
        self.pos += 1
        items = []
        while True:
            self.skip_space()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return items
            items.append(self.value())
            self.skip_space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise ValueError("array: expected ',' or ']'")


DECLARATION = re.compile(r"^[ \t]*(?:const|let)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=[ \t]*", re.M)
REST_OF_LINE = re.compile(r"[ \t]*;?[ \t]*(?://[^\n]*)?(?:\n|$)")


def parse_parameters_cell(source: str, where: str) -> dict:
    """name -> Declaration for a cell of `const NAME = literal; // comment` lines (and blank or comment lines)."""
    params, pos = {}, 0
    while pos < len(source):
        line_no = source.count("\n", 0, pos) + 1
        blank = re.compile(r"[ \t]*(?://[^\n]*)?(?:\n|$)").match(source, pos)
        if blank and blank.end() > pos:
            pos = blank.end()
            continue
        m = DECLARATION.match(source, pos)
        if not m:
            text = source[pos:].split("\n", 1)[0].strip()
            raise RunnerInputError(
                where, f"parameters cell line {line_no}: expected `const NAME = literal;`, got {text[:60]!r}")
        name = m.group(1)
        parser = _LiteralParser(source, m.end())
        try:
            value = parser.value()
        except ValueError as e:
            raise RunnerInputError(where, f"parameters cell line {line_no}: {name}: {e}") from None
        rest = REST_OF_LINE.match(source, parser.pos)
        if not rest:
            raise RunnerInputError(where, f"parameters cell line {line_no}: {name}: unexpected text after the value")
        if name in params:
            raise RunnerInputError(where, f"parameters cell line {line_no}: {name} is declared twice")
        params[name] = Declaration(name, value, m.end(), parser.pos)
        pos = rest.end()
    return params


def _ranges(nb, params: dict, where: str) -> dict:
    meta = nb.metadata.get("pinlab", {})
    if not isinstance(meta, dict):
        raise RunnerInputError(where, "metadata.pinlab must be an object")
    ranges = meta.get("parameters", {})
    if not isinstance(ranges, dict):
        raise RunnerInputError(where, "metadata.pinlab.parameters must be an object")
    for name, spec in ranges.items():
        at = f"metadata.pinlab.parameters.{name}"
        if name not in params:
            raise RunnerInputError(where, f"{at}: no such parameter in the parameters cell")
        if not isinstance(spec, dict) or not spec or set(spec) - RANGE_KEYS:
            raise RunnerInputError(where, f"{at}: must be an object of {sorted(RANGE_KEYS)}")
        for key in ("min", "max"):
            if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], (int, float))):
                raise RunnerInputError(where, f"{at}.{key}: must be a number")
        if "integer" in spec and not isinstance(spec["integer"], bool):
            raise RunnerInputError(where, f"{at}.integer: must be true or false")
        if not _numbers(params[name].default):
            raise RunnerInputError(where, f"{at}: a range needs a number (or numbers) as default")
    return ranges


def _numbers(value) -> list:
    """The numbers a range applies to: the value itself, or every element of an array of numbers."""
    values = value if isinstance(value, list) else [value]
    ok = values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return values if ok else []


def range_violation(value, spec: dict) -> str:
    """Why `value` breaks a declared range, or "" when it does not."""
    for v in _numbers(value):
        if spec.get("integer") and not (float(v).is_integer()):
            return f"must be an integer, got {v}"
        if "min" in spec and v < spec["min"]:
            return f"must be >= {spec['min']}, got {v}"
        if "max" in spec and v > spec["max"]:
            return f"must be <= {spec['max']}, got {v}"
    return ""


def refuse_constant(token: str):
    raise ValueError(f"{token} is not a JSON number")


def read_notebook(path: Path) -> NotebookFile:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise RunnerInputError(where, f"cannot read: {e.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RunnerInputError(where, f"not UTF-8 (byte {e.start})") from None
    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as e:
        raise RunnerInputError(where, f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except ValueError as e:  # NaN or Infinity, which Python's json accepts and JSON does not
        raise RunnerInputError(where, f"not valid JSON: {e}") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4:
        raise RunnerInputError(where, "not a version-4 notebook (nbformat must be 4)")
    try:
        nbformat.validate(data)
        nb = rejoin_lines(nbformat.from_dict(data))  # a source may be stored as a list of lines
    except ValidationError as e:
        at = "/".join(str(p) for p in e.absolute_path) or "notebook"
        raise RunnerInputError(where, f"not a valid notebook: at {at}: {e.message.splitlines()[0][:200]}") from None
    except Exception as e:  # nbformat's validator raises others on some malformed inputs
        first_line = (str(e).splitlines() or [""])[0][:200]
        raise RunnerInputError(where, f"not a valid notebook: {type(e).__name__}: {first_line}") from None
    tagged = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        raise RunnerInputError(where, f"expected exactly one code cell tagged 'parameters', found {len(tagged)}")
    params = parse_parameters_cell(nb.cells[tagged[0]].source, where)
    ranges = _ranges(nb, params, where)
    for name, spec in ranges.items():
        why = range_violation(params[name].default, spec)
        if why:
            raise RunnerInputError(where, f"default of {name} breaks its declared range: {why}")
    return NotebookFile(path, nb, tagged[0], params, ranges)
