"""Turning raw bytes into checked article text.

Every check raises an `InputError` whose message names the input and says what
to do, because these messages are all a user sees when a file is rejected.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from tacitus.errors import BinaryInput, EmptyInput, InputError, NotEnglish, NotUTF8

MAX_ARTICLE_BYTES = 2_000_000  # ~300k words: far beyond any news report

# Function words that make up a fifth or more of any English prose; a text with
# almost none of them is not English, whatever its script.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in and or on at by for with from that this is are was were be been has have had "
    "it its as not but which who said after into over against their they he she his her than".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def decode(data: bytes, name: str, max_bytes: int | None = MAX_ARTICLE_BYTES) -> str:
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is larger than one article may be "
            f"({max_bytes:,}); split it into articles, e.g. one JSON object per line in a .jsonl file"
        )
    if not data.strip():
        raise EmptyInput(f"{name}: the input is empty; give the text of a news article")
    if b"\x00" in data[:8192]:
        raise BinaryInput(f"{name}: this is a binary file, not text; give a .txt, .html or .jsonl file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUTF8(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it first, e.g.: iconv -f WINDOWS-1252 -t UTF-8 {name} > fixed.txt"
        ) from None
    return check_text(text, name)


def check_text(text: str, name: str) -> str:
    """Normalise line endings and reject text that is not an English article."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyInput(f"{name}: the text is empty; give the text of a news article")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if controls > 0.01 * min(len(text), 20000):
        raise BinaryInput(f"{name}: this looks like binary data, not text; give a .txt, .html or .jsonl file")
    words = _WORD.findall(text[:20000].lower())
    if len(words) >= 12:
        share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
        if share < 0.08:
            raise NotEnglish(
                f"{name}: this text does not look like English; tacitus reads English reports, "
                "so translate it first"
            )
    return text


def content_hash(text: str) -> str:
    """Hash of the text with whitespace collapsed, so re-saved copies are the same article."""
    canon = " ".join(text.split())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
