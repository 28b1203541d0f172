"""Reading the user's YAML files with line numbers, so errors can point at the line.

Every configuration file of the kit (instrument, organisation, mapping, aspiration, batch) is
read through :func:`load_yaml`. It returns the data and a :class:`YamlDoc` that knows the line of
every key, and :meth:`YamlDoc.error` builds a :class:`~kit.errors.ConfigError` naming file, key
path and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit.errors import ConfigError, Location

__all__ = ["YamlDoc", "load_yaml"]


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the line of every key path."""

    path: Path
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, *keypath: object) -> int | None:
        """The 1-based line of ``keypath`` (or of its nearest parent that has one)."""
        kp = tuple(keypath)
        while kp:
            if kp in self.lines:
                return self.lines[kp]
            kp = kp[:-1]
        return self.lines.get((), 1)

    def error(self, keypath: tuple, problem: str, *, expected: str | None = None,
              fix: str | None = None) -> ConfigError:
        """A :class:`ConfigError` located at ``keypath`` in this file."""
        name = ".".join(str(k) for k in keypath) or "(top level)"
        return ConfigError(
            f"key {name}: {problem}",
            where=Location(file=self.path, row=self.line(*keypath)),
            expected=expected,
            fix=fix,
        )


def _to_python(node: yaml.Node, path: tuple, lines: dict) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for knode, vnode in node.value:
            key = _scalar(knode)
            out[key] = _to_python(vnode, path + (key,), lines)
            lines[path + (key,)] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(v, path + (i,), lines) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


#: libyaml's parser where PyYAML was built with it (the same nodes, about five times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path, *, what: str = "configuration file") -> YamlDoc:
    """Read a YAML file; a syntax error becomes a :class:`ConfigError` with the line.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What kind of file it is, for messages ("organisation file", ...).
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"the {what} does not exist", where=Location(file=p),
                          fix="check the path")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(f"the {what} is not UTF-8 text", where=Location(file=p),
                          expected="a UTF-8 YAML file", fix="save it as UTF-8") from err
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(
            f"the {what} is not valid YAML: {getattr(err, 'problem', err)}",
            where=Location(file=p, row=mark.line + 1 if mark else None),
            fix="correct the YAML syntax at that line",
        ) from err
    lines: dict[tuple, int] = {}
    data = _to_python(node, (), lines) if node is not None else None
    return YamlDoc(path=p, data=data, lines=lines)
