"""The command line through click's CliRunner, for the tests/test_cli_*.py files.

`run(args…)` gives click's Result; `output_of(args…)` the output of a command that must
succeed (exit code 0), `refusal(code, args…)` the output of one that must exit with `code`.
A failed exit-code check shows the output.
"""
from click.testing import CliRunner

from matcalc.cli import main


def run(*args, input=None):
    """`matcalc args…`, with `input` (text or bytes) on standard input."""
    return CliRunner().invoke(main, list(args), input=input)


def output_of(*args, input=None) -> str:
    """The output of `matcalc args…`, which exits with code 0."""
    r = run(*args, input=input)
    assert r.exit_code == 0, r.output
    return r.output


def refusal(code: int, *args, input=None) -> str:
    """The output of `matcalc args…`, which exits with `code`."""
    r = run(*args, input=input)
    assert r.exit_code == code, r.output
    return r.output
