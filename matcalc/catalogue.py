"""The identity catalogue: The Matrix Cookbook (2012-11-15), chapter 2, and MML §5.5, as data.

The entries live in TOML files, one per Cookbook section (``identities/2.4-forms.toml`` ...),
described in ``identities/README.md``. This module reads and validates them; it is used by the
tests (as an oracle) and by the command line (for citations). The engine never imports it: a
derivative is *derived*, never looked up.

    >>> from matcalc import catalogue
    >>> catalogue.get("cookbook-70").expected
    "a * b'"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from .core.errors import MatcalcError

__all__ = ["CatalogueError", "Identity", "load", "get", "sections", "catalogue_dir",
           "LAYOUTS", "KINDS", "STRUCTURES"]

LAYOUTS = ("mixed", "numerator", "denominator")
KINDS = ("derivative", "differential", "tensor")
# how a §2.8 entry differentiates with respect to a structured matrix:
#   ""          no structure (every entry independent)
#   "cookbook"  symmetric X, the Cookbook's G + Gᵀ − G∘I (eq. 138)
#   "symmetric" symmetric X, the gradient on symmetric matrices ½(G + Gᵀ)
#   "diagonal"  diagonal X, only the diagonal entries vary: G∘I (eq. 142)
STRUCTURES = ("", "cookbook", "symmetric", "diagonal")


class CatalogueError(MatcalcError):
    """A catalogue file that cannot be read or an entry that breaks the format."""

    def __init__(self, message: str, file: str = "", entry: str = ""):
        self.file, self.entry = file, entry
        where = ", ".join(p for p in (f"file {file}" if file else "",
                                      f"entry {entry!r}" if entry else "") if p)
        super().__init__(f"{message} ({where})" if where else message)
        self.message = message


@dataclass(frozen=True)
class Identity:
    """One catalogue entry. See identities/README.md for the meaning of every field."""
    id: str
    source: str
    section: str
    title: str
    supported: bool
    expr: str = ""
    wrt: tuple = ()                  # variable names; one for an ordinary derivative
    declarations: tuple = ()         # "X: matrix(n, m) spd", ...
    expected: str = ""               # closed form, book's factoring (kind = derivative)
    differential: str = ""           # dF in terms of d<name> (kind = differential)
    expected_index: str = ""         # index form of a tensor entry (kind = tensor)
    expected_vec: str = ""           # ∂vec F/∂vec X as a matrix (kind = tensor)
    indices: tuple = ()              # (F row, F col, X row, X col) index letters of a tensor
    kind: str = "derivative"
    layout: str = "mixed"
    order: int = 1
    symmetric: str = ""
    reason: str = ""
    note: str = ""
    file: str = field(default="", compare=False)   # the file stem it was read from

    @property
    def var(self) -> str:
        """The (first) variable differentiated with respect to."""
        return self.wrt[0] if self.wrt else ""

    @property
    def equation(self) -> str:
        """The equation label: '70' for cookbook-70, '5.106' for mml-5.106."""
        return self.id.split("-", 1)[1] if "-" in self.id else self.id

    def declaration_dict(self) -> dict:
        """{'X': 'matrix(n, m) spd', ...}: the keyword arguments of matcalc.parse."""
        out = {}
        for d in self.declarations:
            name, _, spec = d.partition(":")
            out[name.strip()] = spec.strip()
        return out


_FIELDS = {f.name for f in fields(Identity)} - {"file"}
_REQUIRED = ("id", "source", "section", "title", "supported")
_STR = ("id", "source", "section", "title", "expr", "expected", "differential",
        "expected_index", "expected_vec", "kind", "layout", "symmetric", "reason", "note")


def catalogue_dir() -> Path:
    """The folder holding the TOML files: identities/ beside the package in a checkout, or
    matcalc/identities/ when installed as package data."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "identities", here / "identities"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    raise CatalogueError("the identity catalogue was not found: looked for "
                         f"{here.parent / 'identities'} and {here / 'identities'}")


def _as_tuple(value, name, file, entry) -> tuple:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise CatalogueError(f"{name} must be a string or a list of strings, not {value!r}",
                         file, entry)


def _build(raw: dict, stem: str) -> Identity:
    file = stem + ".toml"
    entry = raw.get("id", "") if isinstance(raw.get("id", ""), str) else ""
    unknown = set(raw) - _FIELDS
    if unknown:
        raise CatalogueError(f"unknown field(s) {', '.join(sorted(unknown))}; known: "
                             f"{', '.join(sorted(_FIELDS))}", file, entry)
    for name in _REQUIRED:
        if name not in raw:
            raise CatalogueError(f"missing required field {name!r}", file, entry)
    for name in _STR:
        if name in raw and not isinstance(raw[name], str):
            raise CatalogueError(f"{name} must be a string, not {raw[name]!r}", file, entry)
    if not raw["id"].strip():
        raise CatalogueError("id must not be empty", file, entry)
    if not isinstance(raw["supported"], bool):
        raise CatalogueError("supported must be true or false", file, entry)
    order = raw.get("order", 1)
    if not isinstance(order, int) or isinstance(order, bool) or order not in (1, 2):
        raise CatalogueError(f"order must be 1 or 2, not {order!r}", file, entry)
    values = dict(raw)
    values["wrt"] = _as_tuple(raw.get("wrt", ()), "wrt", file, entry)
    values["declarations"] = _as_tuple(raw.get("declarations", ()), "declarations", file,
                                       entry)
    values["indices"] = _as_tuple(raw.get("indices", ()), "indices", file, entry)
    if "kind" not in raw:
        values["kind"] = "differential" if raw.get("differential") else "derivative"
    ident = Identity(**values, file=stem)
    _validate(ident)
    return ident


def _validate(e: Identity) -> None:
    def fail(msg):
        raise CatalogueError(msg, e.file + ".toml", e.id)

    if e.layout not in LAYOUTS:
        fail(f"layout must be one of {', '.join(LAYOUTS)}, not {e.layout!r}")
    if e.kind not in KINDS:
        fail(f"kind must be one of {', '.join(KINDS)}, not {e.kind!r}")
    if e.symmetric not in STRUCTURES:
        fail(f"symmetric must be one of {', '.join(repr(s) for s in STRUCTURES)}, "
             f"not {e.symmetric!r}")
    for d in e.declarations:
        name, colon, spec = d.partition(":")
        if not colon or not name.strip().isidentifier() or not spec.strip():
            fail(f"a declaration must read 'name: type', not {d!r}")
    names = [d.partition(":")[0].strip() for d in e.declarations]
    if len(set(names)) != len(names):
        fail("a variable is declared twice")
    if not e.supported:
        if not e.reason.strip():
            fail("an unsupported entry needs a reason")
        return
    if e.reason.strip():
        fail("a supported entry has no reason (use note)")
    if not e.expr.strip():
        fail("a supported entry needs expr")
    if not e.wrt:
        fail("a supported entry needs wrt")
    for w in e.wrt:
        if w not in names:
            fail(f"wrt names {w!r}, which is not declared")
    if e.kind == "derivative":
        if not e.expected.strip():
            fail("a derivative entry needs expected")
        if e.differential or e.expected_vec or e.expected_index:
            fail("a derivative entry has only expected (not differential or expected_vec)")
        if len(e.wrt) != 1:
            fail("a derivative entry differentiates with respect to one variable")
    elif e.kind == "differential":
        if not e.differential.strip():
            fail("a differential entry needs differential")
        if e.expected or e.expected_vec:
            fail("a differential entry has differential instead of expected")
        if e.order != 1:
            fail("a differential entry is of order 1")
    else:  # tensor
        if not e.expected_vec.strip() or not e.expected_index.strip():
            fail("a supported tensor entry needs expected_index and expected_vec")
        if len(e.indices) != 4:
            fail("a tensor entry names its four indices (F row, F col, X row, X col)")
        if len(e.wrt) != 1:
            fail("a tensor entry differentiates with respect to one variable")
    if e.symmetric:
        spec = dict((n.strip(), s) for n, _, s in (d.partition(":") for d in e.declarations))
        props = spec.get(e.var, "")
        want = "diagonal" if e.symmetric == "diagonal" else ("symmetric", "spd")
        if not any(p in props for p in ((want,) if isinstance(want, str) else want)):
            fail(f"symmetric = {e.symmetric!r} needs {e.var} declared "
                 f"{'diagonal' if e.symmetric == 'diagonal' else 'symmetric or spd'}")


def _read(path: Path) -> list:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"not valid TOML: {exc}", path.name) from None
    except OSError as exc:
        raise CatalogueError(f"cannot read the file: {exc}", path.name) from None
    unknown = set(data) - {"identity"}
    if unknown:
        raise CatalogueError(f"unexpected top-level key(s) {', '.join(sorted(unknown))}; "
                             "entries are [[identity]] tables", path.name)
    entries = data.get("identity", [])
    if not isinstance(entries, list):
        raise CatalogueError("identity must be an array of tables ([[identity]])", path.name)
    return [_build(raw, path.stem) for raw in entries]


def _section_key(stem: str):
    """Sort 2.0-basic < 2.1-... < 2.8-... < mml-5: numerically, then by name."""
    head = stem.split("-", 1)[0]
    try:
        return (0, tuple(int(p) for p in head.split(".")), stem)
    except ValueError:
        return (1, (), stem)


@lru_cache(maxsize=8)
def _load_dir(directory: str) -> tuple:
    root = Path(directory)
    files = sorted(root.glob("*.toml"), key=lambda p: _section_key(p.stem))
    if not files:
        raise CatalogueError(f"no catalogue files (*.toml) in {root}")
    out, seen = [], {}
    for path in files:
        for ident in _read(path):
            if ident.id in seen:
                raise CatalogueError(f"duplicate id (also in {seen[ident.id]})",
                                     path.name, ident.id)
            seen[ident.id] = path.name
            out.append(ident)
    return tuple(out)


def load(section: str | None = None, *, directory: str | Path | None = None) -> list:
    """All entries, in file and book order; or those of one section.

    `section` is a file stem ("2.4-forms", "mml-5"), its number ("2.4", "mml"), or a book
    section ("2.4.1" — every entry whose `section` field starts with it).
    """
    root = Path(directory) if directory is not None else catalogue_dir()
    entries = _load_dir(str(root.resolve()))
    if section is None:
        return list(entries)
    stems = {e.file for e in entries}
    if section in stems:
        return [e for e in entries if e.file == section]
    by_number = [s for s in stems if s.split("-", 1)[0] == section]
    if by_number:
        return [e for e in entries if e.file in by_number]
    chosen = [e for e in entries if e.section == section
              or e.section.startswith(section + ".")]
    if not chosen:
        raise CatalogueError(f"no catalogue section {section!r}; sections: "
                             f"{', '.join(sections(directory=root))}")
    return chosen


def sections(*, directory: str | Path | None = None) -> list:
    """The catalogue's sections (file stems) in book order."""
    root = Path(directory) if directory is not None else catalogue_dir()
    out = []
    for e in _load_dir(str(root.resolve())):
        if e.file not in out:
            out.append(e.file)
    return out


def get(id: str, *, directory: str | Path | None = None) -> Identity:
    """The entry with this id ('cookbook-70', 'mml-5.106')."""
    for e in load(directory=directory):
        if e.id == id:
            return e
    raise CatalogueError(f"no catalogue entry with id {id!r}")
