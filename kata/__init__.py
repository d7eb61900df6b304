"""transformer-kata: the engine.

Importing this package must stay cheap: no numpy, torch or pytest. Heavy modules
(`kata.compare`, `kata.parts`, `kata.grading.*`) are imported only while grading.
"""

__version__ = "0.1.0"
