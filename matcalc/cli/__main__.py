"""python -m matcalc.cli"""
from .main import main

main()
