"""Reading the file to import: the same limits as for maps, but the encodings other tools write.

UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read: Google Ads Editor
exports UTF-16, Windows PowerShell redirects write it. Everything else (UTF-16 without a mark, Windows-1251,
binary files) is a problem with the position of the first byte that does not decode and a hint.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..core.problems import START, Problem
from ..core.read import MAX_BYTES, STDIN, STDIN_NAME, position_of_byte, read_bytes
from .common import Problems

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class Text:
    """The decoded text of the file to import, line endings normalised to LF."""

    name: str
    text: str


def name_of(argument: str) -> str:
    return STDIN_NAME if argument == STDIN else argument


def read_text(argument: str, sink: Problems) -> Text | None:
    """The text of `argument` (a path, or `-` for standard input); None after reporting why it cannot be read."""
    data = _read_bytes(argument, sink)
    if data is None:
        return None
    text = decode(data, sink)
    return None if text is None else Text(sink.path, text)


def _read_bytes(argument: str, sink: Problems) -> bytes | None:
    data = read_bytes(argument, sink.path, "the file to import")
    if isinstance(data, Problem):
        sink.error(data.position, data.code, data.message, data.hint)
        return None
    if len(data) > MAX_BYTES:
        sink.error(
            START,
            "too-large",
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB",
            "export a part of it (some campaigns, one pipeline) and import the parts one by one",
        )
        return None
    return data


def decode(data: bytes, sink: Problems) -> str | None:
    """Bytes to text (UTF-8, or UTF-16 with a byte-order mark), or None after reporting why not."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        sink.error(START, "encoding", "file is UTF-32 encoded", "save it as UTF-8")
        return None
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                sink.error(START, "encoding", f"file is not valid UTF-16: {error.reason}", "save it as UTF-8")
                return None
            return _checked(text, sink)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        looks_utf16 = _looks_utf16(data)
        sink.error(
            position_of_byte(data, data.index(0)),
            "encoding",
            "file is UTF-16 without a byte-order mark"
            if looks_utf16
            else "file holds NUL bytes: it is not a text file",
            "save it as UTF-8" if looks_utf16 else "check that this is the file you meant to import",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = "save the file as UTF-8"
        if _looks_cp1251(data):
            hint = "the file looks Windows-1251 (Cyrillic) encoded; save it as UTF-8"
        sink.error(position_of_byte(data, error.start), "encoding", "file is not valid UTF-8", hint)
        return None
    return _checked(text, sink)


def _checked(text: str, sink: Problems) -> str | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        sink.error(START, "empty", "the file is empty", "name the file that holds the export")
        return None
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text has its NUL bytes (the high bytes of latin letters and digits) on one side of each pair."""
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= len(sample) // 8 and min(even, odd) <= max(even, odd) // 10


def _looks_cp1251(data: bytes) -> bool:
    """Most bytes above ASCII decode to Cyrillic letters in Windows-1251."""
    high = [byte for byte in data[:65536] if byte >= 0x80]
    cyrillic = sum(1 for byte in high if byte >= 0xC0 or byte in (0xA8, 0xB8))  # А..я, Ё, ё
    return bool(high) and cyrillic >= 0.8 * len(high)
