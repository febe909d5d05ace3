"""The engine against The Matrix Cookbook: one test per supported catalogue entry.

Each entry is derived by the engine (which never reads the catalogue) and compared with
finite differences and with the book's closed form at random points; the share of entries
that come out in the book's printed form (after canonical simplification) is reported and
must stay at 90% or more.
"""
import pytest

from matcalc import catalogue
from matcalc.identity_check import totals, verify

SUPPORTED = [i for i in catalogue.load() if i.supported]
_VERDICTS: dict = {}


def _verdict(ident):
    if ident.id not in _VERDICTS:
        _VERDICTS[ident.id] = verify(ident)
    return _VERDICTS[ident.id]


@pytest.mark.parametrize("ident", SUPPORTED, ids=lambda i: i.id)
def test_identity_is_numerically_right(ident):
    v = _verdict(ident)
    assert v.numeric_ok, f"{ident.id}: {v.message or f'relative error {v.error:.2e}'}"


def test_book_form_share(capsys):
    verdicts = [_verdict(i) for i in SUPPORTED]
    t = totals(catalogue.load(), verdicts)
    misses = [v for v in verdicts if not v.book_form]
    share = t["book_form"] / t["supported"]
    with capsys.disabled():
        print(f"\nCookbook catalogue: {t['entries']} entries, {t['supported']} supported, "
              f"{t['numerically_right']} numerically right, {t['book_form']} in book form "
              f"({100 * share:.0f}%)")
        for v in misses:
            print(f"  not in book form: {v.id}: book {v.expected} | derived {v.derived}")
    assert share >= 0.9


def test_engine_does_not_read_the_catalogue():
    import pathlib
    import matcalc
    root = pathlib.Path(matcalc.__file__).parent
    for sub in ("diff", "simplify"):
        for path in (root / sub).glob("*.py"):
            text = path.read_text()
            for banned in ("import catalogue", "from ..catalogue", "from .catalogue",
                           "identity_check", "tomllib", ".toml"):
                assert banned not in text, f"{path} mentions {banned}"
