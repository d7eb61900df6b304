"""Built-in exercise plugins: every sub-package registers one exercise (see kata.hookspecs)."""
