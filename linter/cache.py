"""A findings cache, so re-running over unchanged drafts costs a read and a hash per file.

An entry is keyed by the file's bytes and its reported path, under a run key made of
everything else that can change a finding: the reportlint version and source, the bundled
grammars and rule files, the user's rule files, the resolved config and the resolved rule
set (CLI --select/--ignore included). Change any of them and every entry misses.

Layout: `.reportlint_cache/v2/<run key>.idx`, one index per run key, so a run reads one
file however many drafts it has (a file per entry cost an open and a parse each). After
a header line naming the run key, a line per draft: `<path as JSON>\\t<sha256 of its
bytes>\\t<findings>`. A path's new entry replaces its old one, so the index grows with
the drafts, not with their edits, and only a hit's findings are decoded. The main
process rewrites the index once after a run that linted something, atomically and after
reading it again, so concurrent runs at worst lose each other's newest entries. The
folder is safe to delete; a damaged index or line is a miss, and a cache that cannot be
written is skipped. Only findings are stored, never the Document: a hit gets a
LightDocument that reads the file again only if a reporter asks for the text (the `text`
excerpts, CI fingerprints).
"""
from __future__ import annotations

import hashlib
import json
import os

from . import __version__
from .results import Severity, finding_record, position_record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which a cached run need not
if TYPE_CHECKING:
    from .findings import Finding
    from .spans import LineIndex

DIR_NAME = ".reportlint_cache"
FORMAT = "v2"
KEEP_RUN_KEYS = 8  # indexes of other run keys (previous configs or versions) are pruned
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
            from .spans import LineIndex

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


# ---------------------------------------------------------------- stored findings

class StoredPosition:
    """A Position read back from the cache: the same fields and record, no dataclass."""

    __slots__ = ("line", "column", "offset")

    def __init__(self, line: int, column: int, offset: int) -> None:
        self.line = line
        self.column = column
        self.offset = offset

    to_dict = position_record


class StoredSpan:
    """A Span read back from the cache: where the finding is, as character offsets."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class StoredFinding:
    """A Finding read back from the cache, for the reporters: its fields and public record.

    Not a Finding: building frozen dataclasses, and importing dataclasses at all, were
    most of a cached run's time; reporters read findings by attribute and take either.
    """

    __slots__ = ("rule_id", "rule_name", "category", "severity", "path", "span", "message",
                 "start", "end", "suggestion", "replace", "related")

    def __init__(self, rule_id: str, rule_name: str, category: str, severity: Severity, path: str,
                 span: StoredSpan, message: str, start: StoredPosition, end: StoredPosition,
                 suggestion: str | None, replace: str | None,
                 related: tuple[tuple[StoredPosition, StoredPosition], ...]) -> None:
        self.rule_id = rule_id
        self.rule_name = rule_name
        self.category = category
        self.severity = severity
        self.path = path
        self.span = span
        self.message = message
        self.start = start
        self.end = end
        self.suggestion = suggestion
        self.replace = replace
        self.related = related

    to_dict = finding_record


_SEVERITY = {int(s): s for s in Severity}
_TEXT_COLUMNS = frozenset({0, 1, 2, 4, 7, 14, 15})  # columns of encode's rows that index strings


def _pos(p) -> tuple[int, int, int]:
    return p.line, p.column, p.offset


def encode(findings: list[Finding] | list[StoredFinding]) -> str:
    """One draft's findings as compact JSON: each string (rule, path, message...) once in
    a table, each finding a flat row of table indexes and numbers."""
    table: dict[str | None, int] = {None: 0}

    def s(text: str | None) -> int:
        return table.setdefault(text, len(table))

    rows = [[s(f.rule_id), s(f.rule_name), s(f.category), int(f.severity), s(f.path),
             f.span.start, f.span.end, s(f.message), *_pos(f.start), *_pos(f.end),
             s(f.suggestion), s(f.replace), [n for pair in f.related for p in pair for n in _pos(p)]]
            for f in findings]
    return json.dumps([list(table), rows], separators=(",", ":"))


def decode(blob: str) -> list[StoredFinding]:
    """encode's findings back; ValueError, TypeError, KeyError or IndexError if damaged."""
    strings, rows = json.loads(blob)
    if not rows:
        return []
    cols = list(zip(*rows, strict=True))
    if len(cols) != 17:
        raise ValueError("not a findings row")
    text = strings.__getitem__
    (rid, name, cat, sev, path, s, e, msg, sl, sc, so, el, ec, eo, sugg, repl, related) = [
        map(text, c) if k in _TEXT_COLUMNS else c for k, c in enumerate(cols)]
    return list(map(StoredFinding, rid, name, cat, map(_SEVERITY.__getitem__, sev), path,
                    map(StoredSpan, s, e), msg, map(StoredPosition, sl, sc, so),
                    map(StoredPosition, el, ec, eo), sugg, repl, map(_related, related)))


def _related(flat: list[int]) -> tuple[tuple[StoredPosition, StoredPosition], ...]:
    if not flat:
        return ()  # most findings: no generator to start
    return tuple((StoredPosition(*flat[i:i + 3]), StoredPosition(*flat[i + 3:i + 6]))
                 for i in range(0, len(flat), 6))


# ---------------------------------------------------------------- keys

def _code_fingerprint(h) -> None:
    """Our own source and bundled data: a development checkout changes without a version
    bump. Files are known by name, size and modification time (a stat, not a read), as
    make and most build caches do: hashing every byte cost more than a cached run."""
    from importlib import import_module

    _stat_tree(h, os.path.dirname(os.path.abspath(__file__)), ".py")
    for package, suffix in (("linter.builtin_grammars", ".lark"), ("linter.builtin_rules", ".yaml")):
        for folder in import_module(package).__path__:  # an editable install maps them elsewhere
            _stat_tree(h, folder, suffix)


def _stat_tree(h, folder: str, suffix: str, prefix: str = "") -> None:
    """Name, size and mtime of the files under `folder` ending in `suffix`, in a fixed order."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir():
            _stat_tree(h, entry.path, suffix, f"{prefix}{entry.name}/")
        elif entry.name.endswith(suffix):
            st = entry.stat()
            h.update(f"{prefix}{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


def run_key(cfg, rules) -> str:
    """Hash of everything but the file itself that decides its findings."""
    h = hashlib.sha256(f"reportlint {__version__} cache {FORMAT}\0".encode())
    _code_fingerprint(h)
    for folder in cfg.rule_paths:
        for path in sorted(list(folder.rglob("*.yaml")) + list(folder.rglob("*.yml"))):
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


# ---------------------------------------------------------------- the index

class Cache:
    """One run's view of its index: `get` answers from the index read at the start,
    `put` collects new entries and `save` writes them, from the main process only."""

    def __init__(self, root, key: str) -> None:
        self.root = os.path.join(root, DIR_NAME)
        self.folder = os.path.join(self.root, FORMAT)
        self.path = os.path.join(self.folder, key[:24] + ".idx")
        self.header = f"reportlint cache {FORMAT} {key}"
        self.entries = self._read()  # path as JSON -> (sha256 of the bytes, findings)
        self.fresh: dict[str, tuple[str, str]] = {}

    @classmethod
    def for_run(cls, cfg, rules) -> "Cache":
        cache = cls(cfg.root, run_key(cfg, rules))
        if cache.entries:
            try:
                os.utime(cache.path)  # recently used: pruned last
            except OSError:
                pass
        return cache

    def _read(self) -> dict[str, tuple[str, str]]:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().split("\n")  # not splitlines: JSON leaves U+2028 as it is
        except OSError:
            return {}
        if lines[0] != self.header:
            return {}
        parts = (line.split("\t", 2) for line in lines[1:])
        return {p[0]: (p[1], p[2]) for p in parts if len(p) == 3}

    def key(self, display: str, data: bytes) -> tuple[str, str]:
        return json.dumps(display), hashlib.sha256(data).hexdigest()

    def get(self, key: tuple[str, str]) -> list[StoredFinding] | None:
        name, digest = key
        entry = self.entries.get(name)
        if entry is None or entry[0] != digest:
            return None
        try:
            return decode(entry[1])
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, rewritten after the run
            return None

    def put(self, key: tuple[str, str], findings: list[Finding]) -> None:
        name, digest = key
        self.fresh[name] = (digest, encode(findings))

    def save(self) -> None:
        """Write the index with this run's new entries, if any; skipped if it cannot be."""
        if not self.fresh:
            return
        try:
            prepare(self.root, self.folder)
            entries = self._read()  # what concurrent runs wrote since this one started
            entries.update(self.fresh)
            write_atomic(self.path, "".join([self.header, "\n"] + [
                f"{name}\t{digest}\t{blob}\n" for name, (digest, blob) in entries.items()]))
            prune(self.folder, ".idx", keep=KEEP_RUN_KEYS, current=self.path)
        except OSError:
            pass
        self.fresh = {}


# ---------------------------------------------------------------- writing

def prepare(root: str, folder: str) -> None:
    """Create `folder` inside the cache folder `root`, which gets a CACHEDIR.TAG and a
    .gitignore that hides it from git."""
    os.makedirs(folder, exist_ok=True)
    tag = os.path.join(root, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        with open(tag, "w", encoding="utf-8") as fh:
            fh.write(_TAG)
        with open(os.path.join(root, ".gitignore"), "w", encoding="utf-8") as fh:
            fh.write("# created by reportlint\n*\n")


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file."""
    import tempfile  # only a run that linted something writes

    folder, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.splitext(name)[1])
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def prune(folder: str, suffix: str, *, keep: int, current: str) -> None:
    """Delete all but the `keep` most recently used `suffix` files of `folder`, `current` kept."""
    with os.scandir(folder) as it:
        others = [e for e in it if e.name.endswith(suffix) and e.path != current]
    others.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    for old in others[keep - 1:]:
        os.unlink(old.path)
