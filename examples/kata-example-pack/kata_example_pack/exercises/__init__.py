"""One sub-package per exercise: its declaration, statement.md and stub.py."""
