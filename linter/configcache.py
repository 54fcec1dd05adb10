"""Parsed config files kept beside the findings cache, so a cached run need not load PyYAML.

Importing and running PyYAML was a third of a cached run's instructions in a folder with a
`.reportlint.yaml`. A config file's parse (its data and the line and column of every key
and value, for error messages) is stored as JSON in `.reportlint_cache/config/`, named by
the hash of the file's path and text, so an edited file is simply a new entry. Only data
JSON gives back exactly is stored (mappings with string keys, lists, strings, numbers,
booleans, null, and dates, tagged); anything else is parsed each time. A damaged entry is
a miss, an unwritable folder is skipped, and `--no-cache` bypasses all of this.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os

from .cache import DIR_NAME, prepare, prune, write_atomic
from .yamlsource import Located

FOLDER = "config-v1"
KEEP = 16  # parses of other (older) config texts are pruned
_DATE = "$date"


class _Unstorable(Exception):
    """Data JSON would not give back exactly (a date-time, a non-string key, a set)."""


def _encode(value):
    kind = type(value)
    if kind is dict:
        if any(type(k) is not str for k in value) or (len(value) == 1 and _DATE in value):
            raise _Unstorable
        return {k: _encode(v) for k, v in value.items()}
    if kind is list:
        return [_encode(v) for v in value]
    if kind is datetime.date:
        return {_DATE: value.isoformat()}
    if value is None or kind in (str, int, float, bool):
        return value
    raise _Unstorable


def _decode(value):
    if type(value) is dict:
        if len(value) == 1 and _DATE in value:
            return datetime.date.fromisoformat(value[_DATE])
        return {k: _decode(v) for k, v in value.items()}
    if type(value) is list:
        return [_decode(v) for v in value]
    return value


def _marks(marks: dict) -> list:
    return [[list(path), line, col] for path, (line, col) in marks.items()]


def _unmarks(rows: list) -> dict:
    return {tuple(path): (line, col) for path, line, col in rows}


class ParseCache:
    """Config parses under one cache root (the folder of the run's config file)."""

    def __init__(self, root) -> None:
        self.root = os.path.join(root, DIR_NAME)
        self.folder = os.path.join(self.root, FOLDER)

    def _path(self, source: str, text: str) -> str:
        digest = hashlib.sha256(f"{source}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return os.path.join(self.folder, digest[:32] + ".json")

    def get(self, source: str, text: str) -> Located | None:
        try:
            with open(self._path(source, text), encoding="utf-8") as fh:
                entry = json.load(fh)
            loc = Located(_decode(entry["data"]), source)
            loc.value_marks = _unmarks(entry["values"])
            loc.key_marks = _unmarks(entry["keys"])
            return loc
        except Exception:  # noqa: BLE001 - missing or damaged: parse the file again
            return None

    def put(self, text: str, loc: Located) -> None:
        try:
            entry = {"data": _encode(loc.data), "values": _marks(loc.value_marks),
                     "keys": _marks(loc.key_marks)}
        except _Unstorable:
            return
        try:
            prepare(self.root, self.folder)
            path = self._path(loc.source, text)
            write_atomic(path, json.dumps(entry, ensure_ascii=False))
            prune(self.folder, ".json", keep=KEEP, current=path)
        except OSError:
            pass
