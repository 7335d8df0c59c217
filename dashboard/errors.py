"""Errors that reach the user as one line, never as a traceback.

An error carries a message code and its values (dashboard/messages.py): str() is the English
wording the command line prints, `text(lang)` the wording for the interface.
"""

from pathlib import Path


class CerclesError(Exception):
    """A problem the user can act on. `code` is a message code (`msg.<code>` in i18n), or, for
    messages only the command line shows, the English sentence itself."""

    def __init__(self, code, **params):
        from dashboard.messages import Message

        self.message = Message.of(code, **params)
        super().__init__(self.text("en", cli=True))

    def text(self, lang: str = "en", cli: bool = False) -> str:
        return self.message.text(lang, cli)


class InputError(CerclesError):
    """A file Cercles cannot read, located as precisely as the reader allows."""

    def __init__(self, path, code, line=None, column=None, **params):
        self.path, self.line, self.column = str(path), line, column
        super().__init__(code, **params)

    def text(self, lang: str = "en", cli: bool = False, file_name: str | None = None) -> str:
        """'<file>, line 3, column 'x': <message>' in `lang`; `file_name` replaces the path
        (the interface names an uploaded file, not the temporary folder it was saved in)."""
        from dashboard.i18n import t

        where = [file_name or (self.path if cli else Path(self.path).name)]
        if self.line is not None:
            where.append(t("error.line", lang, line=self.line))
        if self.column is not None:
            where.append(t("error.column", lang, column=self.column))
        return t("error.where", lang, where=", ".join(where), message=self.message.text(lang, cli))
