"""`pip install .` ships every package of the source tree (the list in pyproject.toml is
explicit, so a new subpackage must be added there: matcalc.core.operators once was not)."""
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "matcalc").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {found - listed}"


def test_the_grammar_ships_with_the_language_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.lark" in data["package-data"]["matcalc.language"]
    assert (ROOT / "matcalc" / "language" / "grammar.lark").exists()
