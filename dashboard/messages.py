"""What Cercles tells the user about an import: a code and its values, never a sentence.

Importers record `Message`s (why rows were skipped, what to know about a file, why a file
cannot be read); the imports table keeps them as JSON records; dashboard/i18n.py words them
in the reader's language at the last moment (`msg.<code>` labels). The command line prints
the English wording.
"""

import json
from dataclasses import dataclass

from dashboard.i18n import DEFAULT_LANGUAGE, message_text


@dataclass(frozen=True)
class Message:
    """A code (`msg.<code>` in i18n.LABELS) and its values, as sorted (name, value) pairs so
    that equal messages are equal and hashable (skip counts add up per message)."""

    code: str
    params: tuple = ()

    @classmethod
    def of(cls, code: str, **params) -> "Message":
        return cls(code, tuple(sorted((name, _plain(value)) for name, value in params.items())))

    @classmethod
    def from_record(cls, record) -> "Message":
        """A Message from its JSON record; an older warehouse's plain English text is kept as
        it was written (shown as is in every language)."""
        if isinstance(record, dict) and "code" in record:
            return cls.of(**record)
        return cls.of("as_written", text=str(record))

    def record(self, **extra) -> dict:
        return {"code": self.code, **dict(self.params), **extra}

    def text(self, lang: str = DEFAULT_LANGUAGE, cli: bool = False) -> str:
        return message_text(self.code, dict(self.params), lang, cli)

    def __str__(self) -> str:
        return self.text("en", cli=True)


def _plain(value):
    """JSON-ready and hashable: numpy numbers become int/float, lists become tuples."""
    if isinstance(value, (list, tuple, set)):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def skipped_records(skipped) -> str:
    """A batch's skip counts (Counter of Message) as the imports table keeps them."""
    return json.dumps([m.record(n=int(n)) for m, n in skipped.most_common()], ensure_ascii=False)


def warning_records(warnings) -> str:
    return json.dumps([m.record() for m in warnings], ensure_ascii=False)


def skipped_messages(stored: str | None) -> list[Message]:
    """The skip reasons an imports row keeps, each with its count `n`.

    Older warehouses kept {"english reason": count}: each becomes '<count> <reason>' as written.
    """
    value = json.loads(stored or "[]")
    if isinstance(value, dict):
        return [Message.of("as_written", text=f"{n} {reason}") for reason, n in value.items()]
    return [Message.from_record(record) for record in value]


def warning_messages(stored: str | None) -> list[Message]:
    return [Message.from_record(record) for record in json.loads(stored or "[]")]
