"""`python -m framing` is the `framing` command."""

from framing.cli import main

main()
