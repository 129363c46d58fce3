"""Reading the file to import: the same limits as for maps, but the encodings other tools write.

The encoding is found, not asked for: UTF-8 with or without a byte-order mark; UTF-16 LE or BE with a mark
(Google Ads Editor, Windows PowerShell's `>`) or without one (reports saved from the Google Ads web interface);
Windows-1251, which Direct Commander and Excel on a Russian Windows write. The import's summary says which it
was. UTF-32 and binary files are problems with the position of the first byte that does not decode.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..core.problems import START, Problem
from ..core.read import MAX_BYTES, STDIN, STDIN_NAME, position_of_byte, read_bytes
from .common import Problems

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_NAMES = {"utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}


@dataclass
class Text:
    """The decoded text of the file to import, line endings normalised to LF."""

    name: str
    text: str


def name_of(argument: str) -> str:
    return STDIN_NAME if argument == STDIN else argument


def read_text(argument: str, sink: Problems) -> Text | None:
    """The text of `argument` (a path, or `-` for standard input); None after reporting why it cannot be read."""
    data = read_file(argument, sink)
    if data is None:
        return None
    text = decode(data, sink)
    return None if text is None else Text(sink.path, text)


def read_file(argument: str, sink: Problems) -> bytes | None:
    """The bytes of `argument`, within the limits of a map file; None after reporting why not."""
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
    """Bytes to text in the encoding they are in (see the module), or None after reporting why not. The
    encoding found is kept in `sink.encodings` for the import's summary."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        sink.error(START, "encoding", "file is UTF-32 encoded", "save it as UTF-8")
        return None
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return _utf16(data[len(bom) :], encoding, f"{_NAMES[encoding]} with a byte-order mark", sink)
    utf8 = "UTF-8"
    if data.startswith(codecs.BOM_UTF8):
        data, utf8 = data[len(codecs.BOM_UTF8) :], "UTF-8 with a byte-order mark"
    without_mark = _utf16_without_mark(data)
    if without_mark is not None:
        return _utf16(data, without_mark, f"{_NAMES[without_mark]} without a byte-order mark", sink)
    if b"\x00" in data:
        sink.error(
            position_of_byte(data, data.index(0)),
            "encoding",
            "file holds NUL bytes: it is not a text file",
            "check that this is the file you meant to import; a spreadsheet is read as XLSX, or saved as CSV",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _looks_cp1251(data):
            return _checked(data.decode("cp1251"), "Windows-1251", sink)
        sink.error(position_of_byte(data, error.start), "encoding", "file is not valid UTF-8", "save it as UTF-8")
        return None
    return _checked(text, utf8, sink)


def _utf16(data: bytes, encoding: str, name: str, sink: Problems) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        sink.error(START, "encoding", f"file is not valid UTF-16: {error.reason}", "save it as UTF-8")
        return None
    return _checked(text, name, sink)


def _checked(text: str, encoding: str, sink: Problems) -> str | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        sink.error(START, "empty", "the file is empty", "name the file that holds the export")
        return None
    sink.encodings[sink.path] = encoding
    return text


def _utf16_without_mark(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when `data` reads as UTF-16 without a byte-order mark: the high byte of nearly
    every character is 0x00 (latin letters, digits, tabs) or 0x04 (Cyrillic), on the same side of each pair."""
    sample = data[:65536]
    if len(data) % 2 or len(sample) < 2:
        return None
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) + high.count(4) >= 0.9 * len(high) and high.count(0):
            return encoding
    return None


def _looks_cp1251(data: bytes) -> bool:
    """Most bytes above ASCII decode to Cyrillic letters in Windows-1251, lower case more than upper case (as in
    any Russian text; in KOI8-R, the other old Cyrillic encoding, the cases are the other way round)."""
    high = [byte for byte in data[:65536] if byte >= 0x80]
    cyrillic = sum(1 for byte in high if byte >= 0xC0 or byte in (0xA8, 0xB8))  # А..я, Ё, ё
    lower = sum(1 for byte in high if byte >= 0xE0 or byte == 0xB8)
    return bool(high) and cyrillic >= 0.8 * len(high) and lower > len(high) - lower
