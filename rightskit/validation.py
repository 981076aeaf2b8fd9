"""Validate what people write (packs, configuration, policies) with errors naming the file and the key."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from rightskit.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


@cache
def _validator(model: type[BaseModel]) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(model.model_json_schema())


def _key(path: Any) -> str:
    from rightskit.masking import shape
    from rightskit.sources.base import personal_header

    out = ""
    for part in path:
        if not isinstance(part, int) and personal_header(str(part)):
            part = shape(str(part))  # a key that is an e-mail address or an ID is shown by its shape
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _masked(message: str, instance: Any) -> str:
    """``message`` with each key or value of ``instance`` that may hold personal data (``personal_header``) shown by
    its shape: jsonschema quotes what it rejects ("'… ivan.petrov@example.bg' was unexpected")."""
    from rightskit.masking import shape
    from rightskit.sources.base import personal_header

    held = sorted({t for t in _strings(instance) if personal_header(t)}, key=len, reverse=True)
    for text in held:
        for written in (text, repr(text)[1:-1]):  # as it stands, and as a quoted repr escapes it
            message = message.replace(written, shape(text))
    return message


def _strings(instance: Any) -> list[str]:
    """Every key and value of ``instance`` as a message may write it: a number unquoted ("7501010010 is not of type
    'string'"), bytes and sets as their reprs show their insides (YAML's ``!!binary`` and ``!!set``)."""
    found: list[str] = []
    stack = [instance]
    while stack:  # iteratively: a document may nest deeper than the recursion limit
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, bytes | bytearray):
            found += [bytes(item).decode("utf-8", "replace"), repr(bytes(item))[2:-1]]
        elif isinstance(item, int | float) and not isinstance(item, bool):
            found += [str(item), repr(item)]
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return found


def _plain(data: Any) -> Any:
    """YAML reads dates as date objects; JSON Schema (and the file's author) sees them as ISO strings."""
    import datetime as dt

    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date | dt.datetime):
        return data.isoformat()
    return data


def _deepest(error: Any) -> Any:
    """Inside anyOf/oneOf (a value that may also be null), the error that says what is wrong with the value."""
    from jsonschema.exceptions import best_match

    return best_match([error]) or error


def validate_document(data: Any, model: type[M], source: str) -> M:
    """Check ``data`` against the JSON Schema published from ``model``, then build the model."""
    data = _plain(data)
    errors = sorted(_validator(model).iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if errors:
        first = _deepest(errors[0])
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        message = first.message
        if first.validator == "pattern" and isinstance(first.schema, dict) and first.schema.get("description"):
            message = f"{first.instance!r} is not the expected form: {first.schema['description']}"  # not the regex
        message = _masked(message, first.instance)
        raise ConfigError(message[:300] + more, path=source, where=f"key {_key(first.absolute_path)}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError(err["msg"], path=source, where=f"key {_key(err['loc'])}") from None


MAX_YAML_NODES = 2_000_000  # a rule pack or a large OpenAPI file has tens of thousands


def _expanded_size(root: Any) -> int:
    """How many nodes the document holds once every alias is copied out, counted without copying: each node's
    size once (aliases point at the same node object), iteratively (no recursion limit)."""
    import yaml

    size: dict[int, int] = {}
    open_nodes: set[int] = set()  # being counted: a node that holds itself ("&a [*a]") counts once
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in size or (not done and id(node) in open_nodes):
            continue
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            size[id(node)] = 1
            continue
        if done:
            size[id(node)] = min(1 + sum(size.get(id(c), 1) for c in children), MAX_YAML_NODES + 1)
        else:
            open_nodes.add(id(node))
            if any(id(c) in open_nodes and id(c) not in size for c in children):
                return MAX_YAML_NODES + 1  # it holds itself: endless once copied out
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
    return size[id(root)]


def load_yaml(text: str, source: str) -> Any:
    """Parse YAML, naming the line of a syntax error."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: packs load in milliseconds
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            expanded = _expanded_size(node)
            if expanded > MAX_YAML_NODES:
                # Aliases are shared while parsing but copied by whatever walks the data next (validation,
                # serialisation): a billion laughs in a few lines.
                raise ConfigError(
                    f"YAML refused: its aliases expand to more than {MAX_YAML_NODES:,} values", path=source
                )
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except RecursionError:
        raise ConfigError("YAML refused: nested too deeply", path=source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise ConfigError(
            f"invalid YAML ({getattr(exc, 'problem', None) or 'syntax error'})", path=source, where=where
        ) from None
