"""YAML reading that remembers the line of every key, for error messages, at bounded cost.

- YAML 1.2 booleans: PyYAML follows YAML 1.1, where `no`, `yes`, `on`, `off` are
  booleans, so a rule set's `no: 0` would silently become `False: 0`. Here only
  true/false are booleans.
- One pass, in C: the libyaml parser's events are turned into data and the line map in
  one walk (no node tree, no second parse). A document of more than `max_nodes` nodes
  (aliases counted as often as they expand) is refused before it is built, so a
  416-byte alias bomb costs microseconds, not gigabytes. libyaml itself refuses nesting
  deeper than 1,000 levels.
- Nothing silently lost or kept: a duplicate key is reported (the later value is used,
  as YAML libraries do), and text with control characters or lone surrogates is cleaned
  and reported; the caller decides whether those are errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .messages import render
from .textclean import clean_chars

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_Base):  # type: ignore[misc,valid-type]
    pass


# Replace the YAML 1.1 bool resolver with a YAML 1.2-style one.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

Path_ = tuple[str | int, ...]

#: Far above any rule set (par-so-2024 has ~15,000 nodes) or evidence file.
MAX_NODES = 300_000
#: An integer with more digits is kept as its text (Python refuses int() past 4,300 digits;
#: no figure in an assessment comes near this), so the value reader can report it.
MAX_INT_DIGITS = 300

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAGS = {None, "!", _TAG + "map"}
_SEQ_TAGS = {None, "!", _TAG + "seq"}


class YamlProblem(Exception):
    """YAML that is refused: `code` keys messages.CATALOGUE; `line` is 1-based (or None)."""

    def __init__(self, code: str, line: int | None = None, **params: Any) -> None:
        self.code = code
        self.line = line
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return render(self.code, line=str(self.line or "?"), **self.params)


@dataclass(frozen=True)
class DuplicateKey:
    path: Path_  # the key's full path
    line: int  # where it is repeated
    first_line: int  # where it first appeared


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Path_, int]
    duplicates: list[DuplicateKey] = field(default_factory=list)
    #: text values (or keys) that had control characters or lone surrogates removed
    cleaned: list[tuple[Path_, int]] = field(default_factory=list)


def load_yaml(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text; return the data and a map from key path to 1-based line."""
    doc = parse_yaml(text)
    return doc.data, doc.lines


def parse_yaml(text: str, *, aliases: bool = True, max_nodes: int = MAX_NODES) -> YamlDocument:
    """Data, line map, duplicate keys and cleaned texts of a one-document YAML text.

    Raises YamlProblem (Vietnamese message with the line) for a syntax error, an alias
    bomb, a recursive alias, an unsupported tag, or (with aliases=False) any anchor or alias.
    """
    loader = _Loader(text)
    try:
        return _Builder(loader, aliases=aliases, max_nodes=max_nodes).build()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from exc
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        raise YamlProblem("yaml_bad_character", None, detail=_reader_detail(exc)) from exc
    finally:
        loader.dispose()


class _Frame:
    __slots__ = ("kind", "obj", "path", "line", "anchor", "size", "key", "key_raw", "key_line", "seen", "merges")

    def __init__(self, kind: str, obj: Any, path: Path_, line: int, anchor: str | None) -> None:
        self.kind = kind
        self.obj = obj
        self.path = path
        self.line = line
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_raw: str | None = None
        self.key_line = line
        self.seen: dict[Any, int] = {}
        self.merges: list[Any] = []


_NO_KEY = object()
_MERGE = object()


class _Builder:
    def __init__(self, loader: Any, *, aliases: bool, max_nodes: int) -> None:
        self.loader = loader
        self.aliases = aliases
        self.max_nodes = max_nodes
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int, bool]] = {}  # anchor → (object, expanded size, complete)
        self.lines: dict[Path_, int] = {}
        self.duplicates: list[DuplicateKey] = []
        self.cleaned: list[tuple[Path_, int]] = []

    def build(self) -> YamlDocument:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return YamlDocument(None, {})
        loader.get_event()  # DocumentStart
        stack: list[_Frame] = []
        root: list[Any] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.DocumentEndEvent):
                break
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.merges:
                    self._apply_merges(frame)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.obj, frame.size, True)
                self._attach(stack, root, frame.obj, frame.size, frame.line)
                continue
            line = event.start_mark.line + 1
            parent = stack[-1] if stack else None
            is_key = parent is not None and parent.kind == "map" and parent.key is _NO_KEY
            path = self._child_path(parent)
            if isinstance(event, yaml.AliasEvent):
                if not self.aliases:
                    raise YamlProblem("yaml_alias_refused", line)
                target = self.anchors.get(event.anchor)
                if target is None:
                    raise YamlProblem("yaml_alias_unknown", line, anchor=event.anchor)
                obj, size, complete = target
                if not complete:
                    raise YamlProblem("yaml_alias_recursive", line, anchor=event.anchor)
                self._count(size, line)
                if is_key:
                    self._set_key(parent, obj, str(obj), line)
                else:
                    self._attach(stack, root, obj, size, line)
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None and not self.aliases:
                raise YamlProblem("yaml_alias_refused", line)
            self._count(1, line)
            if isinstance(event, yaml.ScalarEvent):
                value, merge = self._scalar(event, line)
                if anchor is not None:
                    self.anchors[anchor] = (value, 1, True)
                if is_key:
                    self._set_key(parent, _MERGE if merge else value, event.value, line)
                else:
                    self.lines.setdefault(path, line)
                    if isinstance(value, str):
                        value = self._clean(value, path, line)
                    self._attach(stack, root, value, 1, line)
                continue
            if is_key:
                raise YamlProblem("yaml_complex_key", line)
            if isinstance(event, yaml.MappingStartEvent):
                if event.tag not in _MAP_TAGS:
                    raise YamlProblem("yaml_tag_unsupported", line, tag=_short_tag(event.tag))
                frame = _Frame("map", {}, path, line, anchor)
            elif isinstance(event, yaml.SequenceStartEvent):
                if event.tag not in _SEQ_TAGS:
                    raise YamlProblem("yaml_tag_unsupported", line, tag=_short_tag(event.tag))
                frame = _Frame("seq", [], path, line, anchor)
            else:  # pragma: no cover - the parser emits nothing else inside a document
                raise YamlProblem("yaml_syntax_at", line, column="?", problem=render("yaml_problem_other"))
            self.lines.setdefault(path, line)
            if anchor is not None:
                self.anchors[anchor] = (frame.obj, 1, False)
            stack.append(frame)
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.peek_event()
            raise YamlProblem("yaml_many_documents", event.start_mark.line + 1)
        return YamlDocument(root[0] if root else None, self.lines, self.duplicates, self.cleaned)

    # -------------------------------------------------------------- helpers

    def _count(self, size: int, line: int) -> None:
        self.nodes += size
        if self.nodes > self.max_nodes:
            raise YamlProblem("yaml_too_many_nodes", line, limit=self.max_nodes)

    @staticmethod
    def _child_path(parent: _Frame | None) -> Path_:
        if parent is None:
            return ()
        if parent.kind == "map":
            return parent.path + (parent.key_raw,) if parent.key is not _NO_KEY else parent.path
        return parent.path + (len(parent.obj),)

    def _set_key(self, frame: _Frame, key: Any, raw: str, line: int) -> None:
        if key is not _MERGE:
            try:
                hash(key)
            except TypeError:
                raise YamlProblem("yaml_complex_key", line) from None
            if isinstance(key, str):
                key = self._clean(key, frame.path + (raw,), line)
                raw = key
        frame.key, frame.key_raw, frame.key_line = key, raw, line
        if key is not _MERGE:
            self.lines[frame.path + (raw,)] = line

    def _attach(self, stack: list[_Frame], root: list[Any], obj: Any, size: int, line: int) -> None:
        if not stack:
            root.append(obj)
            return
        frame = stack[-1]
        frame.size += size
        if frame.kind == "seq":
            frame.obj.append(obj)
            return
        key = frame.key
        if key is _MERGE:
            frame.merges.append((obj, line))
        else:
            if key in frame.seen:
                self.duplicates.append(DuplicateKey(frame.path + (frame.key_raw,), frame.key_line, frame.seen[key]))
            else:
                frame.seen[key] = frame.key_line
            frame.obj[key] = obj
        frame.key, frame.key_raw = _NO_KEY, None

    @staticmethod
    def _apply_merges(frame: _Frame) -> None:
        """`<<: *defaults` (or a list of them): keys not given explicitly come from the merged maps."""
        merged: dict[Any, Any] = {}
        for value, line in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise YamlProblem("yaml_bad_merge", line)
                for k, v in source.items():
                    merged.setdefault(k, v)
        for k, v in merged.items():
            frame.obj.setdefault(k, v)

    def _scalar(self, event: Any, line: int) -> tuple[Any, bool]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TAG + "merge":
            return None, True
        if tag not in _SCALAR_TAGS:
            raise YamlProblem("yaml_tag_unsupported", line, tag=_short_tag(tag))
        text = event.value
        if tag == _TAG + "str":
            return text, False
        if tag == _TAG + "int" and len(text) > MAX_INT_DIGITS:
            return text, False  # kept as text: the value reader says it is too large
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return text, False  # e.g. a timestamp 2024-02-30: the text goes on, the reader explains
        if isinstance(value, float) and value in (float("inf"), float("-inf")) and "inf" not in text.lower():
            return text, False  # 1e999: not a number anyone meant
        return value, False

    def _clean(self, text: str, path: Path_, line: int) -> str:
        cleaned, removed = clean_chars(text)
        if removed:
            self.cleaned.append((path, line))
        return cleaned


def _short_tag(tag: str | None) -> str:
    tag = tag or "?"
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag[:60]


# --------------------------------------------------------------------------- syntax errors

#: libyaml's problem texts → a Vietnamese explanation (catalogue code).
_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "yaml_problem_tab"),
    ("found a tab character", "yaml_problem_tab"),
    ("mapping values are not allowed", "yaml_problem_colon"),
    ("could not find expected ':'", "yaml_problem_missing_colon"),
    ("found unexpected end of stream", "yaml_problem_unclosed"),
    ("did not find expected", "yaml_problem_indent"),
    ("expected <block end>", "yaml_problem_indent"),
    ("found undefined alias", "yaml_problem_alias"),
    ("found undefined tag handle", "yaml_problem_tag"),
    ("exceeded maximum nesting depth", "yaml_problem_depth"),
    ("found unknown escape character", "yaml_problem_escape"),
    ("found invalid Unicode character escape code", "yaml_problem_escape"),
    ("found character that cannot start any token", "yaml_problem_token"),
    ("found unexpected ':'", "yaml_problem_colon"),
    ("found duplicate anchor", "yaml_problem_anchor"),
    ("expected a single document", "yaml_problem_documents"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, source: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    text = f"{exc.problem or ''} {exc.context or ''}"
    code = next((c for needle, c in _PROBLEMS if needle in text), "yaml_problem_other")
    if code == "yaml_problem_unclosed" and "quoted scalar" in text:
        code = "yaml_problem_quote"
    if code == "yaml_problem_token" and mark is not None and _char_at(source, mark.line, mark.column) == "\t":
        code = "yaml_problem_tab"
    return YamlProblem("yaml_syntax_at", mark.line + 1 if mark else None,
                       column=str(mark.column + 1) if mark else "?", problem=render(code))


def _char_at(source: str, line: int, column: int) -> str:
    start = 0
    for _ in range(line):
        start = source.find("\n", start) + 1
        if start == 0:
            return ""
    return source[start + column: start + column + 1]


def _reader_detail(exc: yaml.YAMLError) -> str:
    character = getattr(exc, "character", None)
    position = getattr(exc, "position", None)
    if isinstance(character, int):
        character = chr(character)
    shown = f"U+{ord(character):04X}" if isinstance(character, str) and len(character) == 1 else "?"
    return render("yaml_reader_character", character=shown, position=str((position or 0) + 1))


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


def read_yaml_file(path: Path) -> tuple[Any, dict[Path_, int]]:
    return load_yaml(path.read_text(encoding="utf-8"))
