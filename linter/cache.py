"""A findings cache, so re-running over unchanged drafts costs a read and a hash per file.

An entry is keyed by the file's bytes and its reported path, under a run key made of
everything else that can change a finding: the reportlint version and source, the bundled
grammars and rule files, the user's rule files, the resolved config and the resolved rule
set (CLI --select/--ignore included). Change any of them and every entry misses.

Layout: `.reportlint_cache/v1/<run key>/<file key>.json`, one small JSON file per input,
written atomically (parallel workers may write at once). The folder is safe to delete;
an unreadable or corrupt entry is a miss, and a cache that cannot be written is skipped.
Only findings are stored, never the Document: a hit gets a LightDocument that reads the
file again only if a reporter asks for the text (the `text` excerpts, CI fingerprints).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import __version__
from .findings import Finding, Severity
from .spans import LineIndex, Position, Span

DIR_NAME = ".reportlint_cache"
FORMAT = "v1"
KEEP_RUN_KEYS = 8  # older run-key folders (previous configs or versions) are pruned
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by reportlint.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")


class LightDocument:
    """The part of a Document that reporters use: path, text and line index, built lazily.

    Picklable, so parallel workers can send it back instead of a full parsed Document.
    """

    __slots__ = ("path", "_text", "_source", "_lines")

    def __init__(self, path: str, text: str | None = None, source=None) -> None:
        self.path = path
        self._text = text
        self._source = source  # an Input to re-read when the text is wanted
        self._lines = None

    @property
    def text(self) -> str:
        if self._text is None:
            from .runner import read_input

            try:
                self._text = read_input(self._source)[0]
            except Exception:  # noqa: BLE001 - gone since the run: excerpts are a nicety
                self._text = ""
        return self._text

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def __getstate__(self):
        return (self.path, self._text, self._source)

    def __setstate__(self, state) -> None:
        self.path, self._text, self._source = state
        self._lines = None


def light(doc) -> LightDocument | None:
    if doc is None or isinstance(doc, LightDocument):
        return doc
    return LightDocument(doc.path, doc.text)


# ---------------------------------------------------------------- (de)serialising findings

def _pos(p: Position) -> list[int]:
    return [p.line, p.column, p.offset]


def finding_to_record(f: Finding) -> list:
    return [f.rule_id, f.rule_name, f.category, int(f.severity), f.path, f.span.start, f.span.end,
            f.message, _pos(f.start), _pos(f.end), f.suggestion, f.replace,
            [[_pos(s), _pos(e)] for s, e in f.related]]


def finding_from_record(r: list) -> Finding:
    (rid, name, cat, sev, path, s, e, msg, start, end, sugg, repl, related) = r
    return Finding(rid, name, cat, Severity(sev), path, Span(s, e), msg, Position(*start),
                   Position(*end), sugg, repl,
                   tuple((Position(*a), Position(*b)) for a, b in related))


# ---------------------------------------------------------------- keys

def _code_fingerprint(h) -> None:
    """Our own source and bundled data: a development checkout changes without a version
    bump. Files are known by name, size and modification time (a stat, not a read), as
    make and most build caches do: hashing every byte cost more than a cached run."""
    from importlib.util import find_spec

    pkg = Path(__file__).resolve().parent
    for path in sorted(pkg.rglob("*.py")):
        _stat(h, path.relative_to(pkg).as_posix(), path)
    for package, suffix in (("linter.builtin_grammars", ".lark"), ("linter.builtin_rules", ".yaml")):
        spec = find_spec(package)  # its folder; importlib.resources costs more to import
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).rglob("*" + suffix)):
                _stat(h, path.relative_to(folder).as_posix(), path)


def _stat(h, name: str, path: Path) -> None:
    st = path.stat()
    h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


def run_key(cfg, rules) -> str:
    """Hash of everything but the file itself that decides its findings."""
    h = hashlib.sha256(f"reportlint {__version__} cache {FORMAT}\0".encode())
    _code_fingerprint(h)
    for folder in cfg.rule_paths:
        for path in sorted(list(Path(folder).rglob("*.yaml")) + list(Path(folder).rglob("*.yml"))):
            h.update(str(path).encode() + b"\0" + path.read_bytes())
    h.update(json.dumps(cfg.to_dict(), sort_keys=True, default=str).encode())
    fingerprint = getattr(rules, "fingerprint", None)
    if fingerprint is not None:  # DeferredRules: the files and selection they load from
        h.update(b"deferred\0" + fingerprint.encode())
        return h.hexdigest()
    for r in getattr(rules, "all", rules):
        h.update(repr((r.id, r.name, r.check, r.category, int(r.severity), r.enabled, r.message,
                       r.suggestion, r.params, sorted(r.raw_params.items(), key=str),
                       r.source)).encode())
    return h.hexdigest()


class Cache:
    def __init__(self, root: Path, key: str) -> None:
        self.root = Path(root) / DIR_NAME
        self.run_key = key
        self.folder = self.root / FORMAT / key[:24]
        self.writable = True
        self.hits = self.misses = 0

    @classmethod
    def for_run(cls, cfg, rules) -> "Cache":
        cache = cls(cfg.root, run_key(cfg, rules))
        cache._prepare()
        return cache

    def _prepare(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, encoding="utf-8")
                (self.root / ".gitignore").write_text("# created by reportlint\n*\n", encoding="utf-8")
            self._prune()
        except OSError:
            self.writable = False

    def _prune(self) -> None:
        base = self.root / FORMAT
        others = [p for p in base.iterdir() if p.is_dir() and p != self.folder]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP_RUN_KEYS - 1:]:
            shutil.rmtree(old, ignore_errors=True)
        os.utime(self.folder)  # mark this configuration as recently used

    def key(self, display: str, data: bytes) -> str:
        return hashlib.sha256(display.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> list[Finding] | None:
        try:
            with open(self._path(key), encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("run") != self.run_key[:24]:
                raise ValueError("entry from another run key")
            found = [finding_from_record(r) for r in data["findings"]]
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # noqa: BLE001 - corrupt or foreign entry: a miss, rewritten later
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, findings: list[Finding]) -> None:
        if not self.writable:
            return
        payload = json.dumps({"run": self.run_key[:24],
                              "findings": [finding_to_record(f) for f in findings]},
                             ensure_ascii=False, separators=(",", ":"))
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self._path(key))
        except OSError:
            self.writable = False
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass
