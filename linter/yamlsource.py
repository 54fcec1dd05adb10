"""Safe YAML loading that remembers where every key and value was written.

Values come from `yaml.safe_load` (no object construction); positions come from the
composed node tree walked in parallel. Aliases are refused outright, which also
refuses "billion laughs" bombs before any expansion happens.
"""
from __future__ import annotations

from .errors import UserError

# PyYAML is imported on first use: a run without a YAML config answered from the cache
# never needs it, and the import is a good part of start-up.

Path = tuple  # a path into the data: ("rules", "Q001", "severity")


class Located:
    """Loaded YAML data plus 1-based (line, col) marks for keys and values.

    A plain class, not a dataclass: a cached run builds one from linter.configcache and
    should not import dataclasses (with inspect and ast) for it."""

    __slots__ = ("data", "source", "value_marks", "key_marks")

    def __init__(self, data, source: str) -> None:
        self.data = data
        self.source = source
        self.value_marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}

    def where(self, path: Path, key: bool = False) -> tuple[int | None, int | None]:
        """Best mark for `path`, falling back to its nearest marked parent."""
        marks = self.key_marks if key else self.value_marks
        p = tuple(path)
        while p:
            if p in marks:
                return marks[p]
            if p in self.value_marks:
                return self.value_marks[p]
            p = p[:-1]
        return self.value_marks.get((), (1, 1))

    def error(self, cls: type[UserError], path: Path, message: str, *, key: bool = False,
              hint: str | None = None) -> UserError:
        line, col = self.where(path, key=key)
        return cls(self.source, message, line, col, hint)


def _walk(node, path: Path, out: Located) -> None:
    import yaml

    out.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            # Keys are marked by their source text; config and rule keys are strings.
            key = knode.value if isinstance(knode, yaml.ScalarNode) else None
            sub = path + (key,)
            out.key_marks[sub] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            _walk(vnode, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), out)


def bad_value_mark(text: str, loader_cls) -> tuple[int, int] | None:
    """1-based (line, col) of the first scalar PyYAML resolves but cannot construct:
    "2020-02-30" is resolved as a date, and building it raises ValueError, with no mark."""
    import yaml

    loader = loader_cls(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1, node.start_mark.column + 1
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for kv in reversed(node.value) for v in reversed(kv))
            elif node is not None:
                stack.extend(reversed(node.value))
    finally:
        loader.dispose()
    return None


def load_yaml(text: str, source: str, error_cls: type[UserError] = UserError) -> Located:
    """Parse `text` safely; raise `error_cls` with the position of the first problem."""
    import yaml

    # libyaml's parser when it is available (about 10x faster), with the same safe constructor.
    SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                m = event.start_mark
                raise error_cls(source, "YAML aliases (*name) are not allowed", m.line + 1,
                                m.column + 1, "write the value out in full")
        loader = SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise error_cls(source, f"invalid YAML: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise error_cls(source, f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except (ValueError, OverflowError) as exc:  # a date PyYAML reads but cannot build
        line, col = bad_value_mark(text, SAFE_LOADER) or (None, None)
        raise error_cls(source, f"invalid YAML: {exc}", line, col) from None
    except RecursionError:
        raise error_cls(source, "invalid YAML: nested too deeply") from None
    out = Located(data, source)
    if node is not None:
        _walk(node, (), out)
    return out
