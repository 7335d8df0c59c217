"""Errors that reach the user as one line, never as a traceback."""


class CerclesError(Exception):
    """A problem the user can act on; str() is the whole message."""


class InputError(CerclesError):
    """A file Cercles cannot read, located as precisely as the reader allows."""

    def __init__(self, path, message, line=None, column=None):
        self.path, self.line, self.column = str(path), line, column
        where = [self.path]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}")
