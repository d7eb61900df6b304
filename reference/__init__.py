"""Reference solutions: complete learner files, imported only while grading or verifying."""
