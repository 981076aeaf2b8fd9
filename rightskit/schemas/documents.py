"""JSON Schema (draft-04 to 2020-12), OpenAPI 3.x and Frictionless Table Schema / Data Package documents.

Local ``$ref``s are resolved with cycle protection; ``properties``, ``items``, ``allOf``/``oneOf``/``anyOf`` and
``additionalProperties`` are walked; ``format``, ``title``, ``description``, ``examples`` and ``enum`` are evidence.
Findings name the definition (``object``) and the property path (``field``, ``a.b[].c``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rightskit.schemas.metadata import FieldMeta

MAX_DEPTH = 32


@dataclass
class DocField:
    """One property of a schema document."""

    object: str
    path: str
    meta: FieldMeta


def document_kind(doc: Any) -> str | None:
    """openapi, jsonschema, tableschema, datapackage, dbt_manifest, rightskit_config — or None (data)."""
    if not isinstance(doc, dict):
        return None
    if "openapi" in doc or "swagger" in doc:
        return "openapi"
    if isinstance(doc.get("metadata"), dict) and "dbt_schema_version" in doc["metadata"]:
        return "dbt_manifest"
    if isinstance(doc.get("resources"), list) and any(isinstance(r, dict) and "schema" in r for r in doc["resources"]):
        return "datapackage"
    if (
        isinstance(doc.get("fields"), list)
        and doc["fields"]
        and all(isinstance(f, dict) and "name" in f for f in doc["fields"])
    ):
        return "tableschema"
    if "$schema" in doc and "json-schema" in str(doc["$schema"]):
        return "jsonschema"
    if doc.get("type") == "object" and isinstance(doc.get("properties"), dict):
        return "jsonschema"
    if isinstance(doc.get("definitions") or doc.get("$defs"), dict) and ("$schema" in doc or "$id" in doc):
        return "jsonschema"
    if "version" in doc and ("detection" in doc or "scan" in doc) and len(doc) <= 4:
        return "rightskit_config"
    if isinstance(doc.get("models"), list) and doc.get("version") in (2, "2"):
        return "dbt_schema"
    return None


def _resolve(root: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        return None  # remote refs are never fetched
    node = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _text(*values: Any) -> str | None:
    parts = [str(v) for v in values if isinstance(v, str) and v.strip()]
    return " ".join(parts) or None


def walk_schema(
    root: Any, schema: Any, obj: str, path: str = "", seen: frozenset[str] = frozenset(), depth: int = 0
) -> Iterator[DocField]:
    """Every leaf property (and every named object) of a JSON Schema node."""
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return  # a cycle: the property was already walked on this path
        target = _resolve(root, ref)
        if target is None:
            return
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        yield from walk_schema(root, merged, obj, path, seen | {ref}, depth + 1)
        return
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key) or []:
            yield from walk_schema(root, sub, obj, path, seen, depth + 1)
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            if str(name).startswith("_") and str(name)[1:] in props:
                continue  # FHIR's _birthDate: extensions of birthDate (ids, annotations), not a value of its own
            child = f"{path}.{name}" if path else str(name)
            yield from _leaf_or_deeper(root, sub, obj, child, str(name), path, seen, depth)
    items = schema.get("items")
    if isinstance(items, dict) and path:
        yield from walk_schema(root, items, obj, f"{path}[]", seen, depth + 1)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        yield from walk_schema(root, extra, obj, f"{path}{{}}" if path else "{}", seen, depth + 1)


def _leaf_or_deeper(
    root: Any, sub: Any, obj: str, child: str, name: str, parent: str, seen: frozenset[str], depth: int
) -> Iterator[DocField]:
    if not isinstance(sub, dict):
        return
    node = sub
    ref = sub.get("$ref")
    items = sub.get("items") if isinstance(sub.get("items"), dict) else {}
    remote = ref if isinstance(ref, str) else items.get("$ref")
    if isinstance(remote, str) and _resolve(root, remote) is None:
        # A type defined in another document (never fetched): the property itself is what the schema says.
        own = {k: v for k, v in sub.items() if k not in ("$ref", "items", "type")}
        own["description"] = _text(sub.get("description"), items.get("title"), items.get("description"))
        yield _leaf(obj, child, name, parent, own)
        return
    if isinstance(ref, str):
        if ref in seen:
            return  # a cycle (a citizen's friend is a citizen): walked once on this path
        node = {**(_resolve(root, ref) or {}), **{k: v for k, v in sub.items() if k != "$ref"}}
        seen = seen | {ref}
    declared = node.get("type")
    declared = next((t for t in declared if t != "null"), None) if isinstance(declared, list) else declared
    composed = any(
        isinstance(node.get(k), list)
        and any(isinstance(b, dict) and ("$ref" in b or "properties" in b) for b in node[k])
        for k in ("allOf", "oneOf", "anyOf")
    )  # allOf: [{$ref: TrustedHelper}, {description: …}] is an object
    is_container = declared in ("object", "array") or "properties" in node or "items" in node or composed
    if not is_container or node.get("format"):
        yield _leaf(obj, child, name, parent, node)
        return
    if declared == "array" and isinstance(node.get("items"), dict):
        items = node["items"]
        if not ("properties" in items or "$ref" in items or items.get("type") in ("object", "array")):
            yield from _leaf_or_deeper(root, items, obj, f"{child}[]", name, parent, seen, depth + 1)
            return
    yield from walk_schema(root, node, obj, child, seen, depth + 1)


def _leaf(obj: str, child: str, name: str, parent: str, node: dict) -> DocField:
    """One property as a field: its type, title and description, format, enum and examples."""
    declared = node.get("type")
    declared = next((t for t in declared if t != "null"), None) if isinstance(declared, list) else declared
    examples = node.get("examples") if isinstance(node.get("examples"), list) else []
    if "example" in node:
        examples = [*examples, node["example"]]
    return DocField(
        obj,
        child,
        FieldMeta(
            name=name,
            parents=[p for p in parent.replace("[]", "").split(".") if p],
            declared_type=str(declared) if declared else None,
            description=_text(node.get("title"), node.get("description")),
            fmt=node.get("format") if isinstance(node.get("format"), str) else None,
            enum=[str(e) for e in node.get("enum") or [] if e is not None],
            examples=[str(e) for e in examples if isinstance(e, str | int)],
        ),
    )


def _scalar_definition(root: Any, name: str, sub: Any) -> Iterator[DocField]:
    """A named scalar type (``PersonNameType``: a string, or an alias of one) is itself a field: ``$self``."""
    for _ in range(4):  # an alias of an alias of a string type
        ref = sub.get("$ref") if isinstance(sub, dict) else None
        if not isinstance(ref, str):
            break
        target = _resolve(root, ref)
        if not isinstance(target, dict):
            return
        sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
    if (
        not isinstance(sub, dict)
        or "$ref" in sub
        or any(k in sub for k in ("properties", "items", "allOf", "oneOf", "anyOf"))
    ):
        return
    declared = sub.get("type")
    if declared in ("object", "array") or not (declared or "enum" in sub or "pattern" in sub or "format" in sub):
        return
    yield _leaf(name, "$self", name, "", sub)


def document_fields(doc: dict, kind: str, name: str) -> Iterator[DocField]:
    """Every field a schema document declares, with the object it belongs to."""
    if kind == "jsonschema":
        defs = doc.get("$defs") or doc.get("definitions") or {}
        yield from walk_schema(doc, doc, doc.get("title") or name)
        base = "#/$defs/" if "$defs" in doc else "#/definitions/"
        for def_name, sub in defs.items():
            yield from _scalar_definition(doc, str(def_name), sub)
            yield from walk_schema(doc, sub, str(def_name), seen=frozenset({base + str(def_name)}))
    elif kind == "openapi":
        comps = (doc.get("components") or {}).get("schemas") or doc.get("definitions") or {}
        base = "#/components/schemas/" if doc.get("components") else "#/definitions/"
        for def_name, sub in comps.items():
            yield from walk_schema(doc, sub, str(def_name), seen=frozenset({base + str(def_name)}))
        for route, ops in (doc.get("paths") or {}).items():
            for method, op in (ops or {}).items():
                if not isinstance(op, dict):
                    continue
                where = f"{method.upper()} {route}"
                for p in op.get("parameters") or []:
                    p = _resolve(doc, p["$ref"]) if isinstance(p, dict) and "$ref" in p else p
                    if isinstance(p, dict) and "name" in p:
                        sch = p.get("schema") or {}
                        yield DocField(
                            where,
                            str(p["name"]),
                            FieldMeta(
                                name=str(p["name"]),
                                declared_type=sch.get("type"),
                                description=_text(p.get("description")),
                                fmt=sch.get("format"),
                                enum=[str(e) for e in sch.get("enum") or []],
                            ),
                        )
                body = op.get("requestBody") or {}
                body = _resolve(doc, body["$ref"]) if "$ref" in body else body
                for media in (body.get("content") or {}).values():
                    if isinstance(media.get("schema"), dict) and "$ref" not in media["schema"]:
                        yield from walk_schema(doc, media["schema"], f"{where} request")
                for status, resp in (op.get("responses") or {}).items():
                    resp = _resolve(doc, resp["$ref"]) if isinstance(resp, dict) and "$ref" in resp else resp
                    for media in ((resp or {}).get("content") or {}).values():
                        if isinstance(media.get("schema"), dict) and "$ref" not in media["schema"]:
                            yield from walk_schema(doc, media["schema"], f"{where} response {status}")
    elif kind in ("tableschema", "datapackage"):
        tables = (
            [(name, doc)]
            if kind == "tableschema"
            else [
                (str(r.get("name") or r.get("path") or i), r.get("schema") or {})
                for i, r in enumerate(doc.get("resources") or [])
            ]
        )
        for table_name, schema in tables:
            for f in schema.get("fields") or []:
                if isinstance(f, dict) and "name" in f:
                    constraints = f.get("constraints") or {}
                    yield DocField(
                        table_name,
                        str(f["name"]),
                        FieldMeta(
                            name=str(f["name"]),
                            declared_type=f.get("type"),
                            description=_text(f.get("title"), f.get("description")),
                            fmt=f.get("format") if f.get("format") not in (None, "default") else None,
                            enum=[str(e) for e in constraints.get("enum") or []],
                            examples=[str(f["example"])] if "example" in f else [],
                        ),
                    )
