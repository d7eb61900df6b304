"""Reference solutions of the pack's exercises, imported only while grading or verifying."""
