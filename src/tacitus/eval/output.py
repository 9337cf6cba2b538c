"""Writing prediction files whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from tacitus.errors import InputError


def write_lines(path: Path, lines: list[str]) -> None:
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist; create it or choose another --out")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text("".join(line + "\n" for line in lines), "utf-8")
    tmp.replace(path)
