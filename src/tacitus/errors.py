"""The one exception tree of tacitus.  Every message says what to do next.

    TacitusError
    ├── InputError              bad user input (the CLI prints one line, exits 2)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── NotUTF8
    │   ├── NotEnglish
    │   ├── MalformedJSONL      one bad line; the good lines are still processed
    │   └── UnsupportedInput
    ├── GazetteerMissing        no index yet; tells how to build it
    ├── ModelMissing            no spaCy English model installed
    └── StoreError              the database could not be opened or written
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base of every error tacitus raises on purpose."""

    exit_code = 1


class InputError(TacitusError):
    exit_code = 2


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class NotUTF8(InputError):
    pass


class NotEnglish(InputError):
    pass


class MalformedJSONL(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class GazetteerMissing(TacitusError):
    pass


class ModelMissing(TacitusError):
    pass


class StoreError(TacitusError):
    pass
