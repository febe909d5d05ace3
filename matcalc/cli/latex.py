"""`matcalc latex PROBLEMS.toml`: one standalone LaTeX document from a file of problems."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from ..core.errors import MatcalcError
from ..document import document, load_problems

PDFLATEX_SECONDS = 120


def compile_pdf(tex: str, out_pdf: Path) -> None:
    """Run pdflatex on `tex` (twice is not needed: no references) and copy the PDF."""
    exe = shutil.which("pdflatex")
    if exe is None:
        raise click.ClickException("--pdf needs pdflatex, which is not installed (on "
                                   "Debian/Ubuntu: apt-get install texlive-latex-base "
                                   "texlive-latex-recommended); the .tex file was written")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notes.tex"
        src.write_text(tex, encoding="utf-8")
        run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", src.name],
                             cwd=tmp, capture_output=True, text=True,
                             timeout=PDFLATEX_SECONDS)
        if run.returncode != 0:
            tail = "\n".join(run.stdout.splitlines()[-15:])
            raise click.ClickException(f"pdflatex failed:\n{tail}")
        shutil.copyfile(Path(tmp) / "notes.pdf", out_pdf)


def register(main, input_error):

    @main.command("latex")
    @click.argument("problems", type=click.Path(exists=True, dir_okay=False))
    @click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                  help="The .tex file to write (default: standard output).")
    @click.option("--steps", is_flag=True, help="Include each derivation, step by step.")
    @click.option("--pdf", is_flag=True,
                  help="Also run pdflatex (when installed) and write the PDF next to -o.")
    @click.option("--title", default="", help="A title for the document.")
    def latex_cmd(problems, output, steps, pdf, title):
        """A standalone LaTeX document (article, amsmath) from a TOML file of PROBLEMS.

        \b
        Each [[problem]] table has: expression, wrt (a name or a list), and optionally
        title, text (a sentence), layout, declarations (a list), name (L for ∂L/∂W),
        hessian (true). Example: examples/lectures.toml.
          matcalc latex examples/lectures.toml -o notes.tex --pdf
          matcalc latex examples/lectures.toml --steps > notes.tex

        Per problem: a heading, the sentence, the variables with their spaces (ℝⁿˣᵐ) and
        properties, the function, and each result with its kind, layout and shape; with
        --steps, each step's reason in small type and its equation. Equations are set with
        breqn and break at sums and between the factors of long products, so that they fit
        an A4 portrait page with the default margins.
        """
        try:
            tex = document(load_problems(problems), steps=steps, title=title)
        except MatcalcError as e:
            raise input_error(str(e)) from None
        if output is None:
            if pdf:
                raise input_error("--pdf needs --output FILE.tex (the PDF is written next "
                                  "to it)")
            click.echo(tex, nl=False)
            return
        out = Path(output)
        out.write_text(tex, encoding="utf-8")
        click.echo(f"wrote {out}")
        if pdf:
            compile_pdf(tex, out.with_suffix(".pdf"))
            click.echo(f"wrote {out.with_suffix('.pdf')}")
