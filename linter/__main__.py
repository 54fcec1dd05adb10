"""`python -m linter` runs the reportlint command line."""
import sys

from .cli import main

sys.exit(main())
