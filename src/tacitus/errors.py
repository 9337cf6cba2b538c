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
    ├── StoreError              the database could not be opened or written
    ├── ParallelError           a worker or the dask scheduler failed (ingest/parallel.py)
    │   └── RunStopped          the run was stopped; stored articles are whole, run it again
    └── SourceError             a web page or feed could not be read (exits 1)
        ├── FetchError          network failure, timeout or HTTP error status, after the retries
        └── FeedError           the document is not an RSS or Atom feed

A `SourceError` message is one line: the address, what happened, what to do.
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


class SourceError(TacitusError):
    """A web source failed; exit 1 rather than 2 because the input the user gave may well be right."""

    exit_code = 1


class FetchError(SourceError):
    pass


class FeedError(SourceError):
    pass
