"""How much an uploaded workbook may make the server do (T-TRUST; docs/security.md "Files and forms").

An .xlsx is a zip of XML files, and neither the zip nor the XML can be taken at its word:
a 5 KB file can claim a sheet of 17 billion cells (``<dimension ref="A1:XFD1048576"/>``),
a 20 MB upload can unpack to gigabytes, and one ``<row>`` can hold millions of cells that
openpyxl would build in memory before the importer sees the first. So before openpyxl
opens the file, ``inspect_archive`` measures it:

- the unpacked size of all its parts, from the zip's directory (zipfile reads no more
  than a member declares: a member that lies fails its CRC check);
- every XML part streamed through expat's callbacks (no tree is built, so memory stays
  flat however the XML is shaped), counting elements and cells against the limits;

and the importer then bounds what it reads of the data sheet (rows, columns, the
declared dimension) and checks the clock as it goes (``Deadline``).
"""

import time
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from defusedxml import DefusedXmlException, EntitiesForbidden
from django.conf import settings
from django.utils.translation import gettext

# Columns a file may have beyond its template's: notes, serial numbers, a checker's initials.
EXTRA_COLUMNS = 10
# Unpacked bytes allowed per allowed cell: a real sheet needs 30 to 60 (the cell, its share of
# the shared strings and styles); the rest is headroom for long texts.
BYTES_PER_CELL = 100
# XML elements allowed per allowed cell (a cell and its value, a shared string and its text, rows, styles).
ELEMENTS_PER_CELL = 6
# Parts of the package: a workbook from Excel, WPS or LibreOffice has a dozen or two.
MAX_PARTS = 1000


class LimitExceeded(Exception):
    """The file asks for more than the limits allow; ``message`` is translated and says which limit."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    rows: int
    cells: int
    seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(rows=settings.IMPORT_MAX_ROWS, cells=settings.IMPORT_MAX_CELLS, seconds=settings.IMPORT_MAX_SECONDS)

    @property
    def unpacked_bytes(self) -> int:
        return self.cells * BYTES_PER_CELL

    @property
    def elements(self) -> int:
        return self.cells * ELEMENTS_PER_CELL


class Deadline:
    """The time a preview or commit may take, checked as it goes (reading, checking, writing)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise LimitExceeded(
                gettext(
                    "处理时间超过了 %(seconds)s 秒的上限，已停止，未写入任何数据。请把文件分成几个较小的文件分批导入。"
                )
                % {"seconds": f"{self.seconds:g}"}
            )


def _number(n: int) -> str:
    return f"{n:,}"


def inspect_archive(fileobj: IO[bytes], limits: Limits, deadline: Deadline) -> None:
    """Refuse a file whose parts unpack, or whose XML counts, beyond the limits; leave ``fileobj`` at its start.

    A file that is not a zip passes untouched: openpyxl says it cannot read it.
    """
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        fileobj.seek(0)
        return
    try:
        members = archive.infolist()
        if len(members) > MAX_PARTS:
            raise LimitExceeded(
                gettext("文件由 %(parts)s 个部分组成，不像是Excel工作簿，无法导入。") % {"parts": _number(len(members))}
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > limits.unpacked_bytes:
            raise LimitExceeded(
                gettext("文件解压后有 %(size)s MB，超过导入上限（%(max)s MB），请分批导入。")
                % {
                    "size": _number(unpacked // 1_000_000),
                    "max": _number(limits.unpacked_bytes // 1_000_000),
                }
            )
        counter = _Counter(limits, deadline)
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(member) as stream:
                    counter.scan(stream)
            except (
                zipfile.BadZipFile,
                expat.ExpatError,
                DefusedXmlException,
                OSError,
                EOFError,
                RuntimeError,
                NotImplementedError,
            ):
                continue  # a damaged part: openpyxl refuses the file if it needs it; the others are still counted
    finally:
        archive.close()
        fileobj.seek(0)


class _Counter:
    """Counts elements and cells over every XML part of one file, refusing as soon as one passes its limit.

    Expat's callbacks, no tree: memory stays flat however the XML is shaped. Entity declarations
    are refused as defusedxml refuses them (no workbook part needs one).
    """

    def __init__(self, limits: Limits, deadline: Deadline) -> None:
        self.limits = limits
        self.deadline = deadline
        self.elements = 0
        self.cells = 0

    def scan(self, stream: IO[bytes]) -> None:
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self._start
        parser.EntityDeclHandler = _refuse_entities
        parser.ParseFile(stream)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if name == "c" or name.endswith(":c"):
            self.cells += 1
            if self.cells > self.limits.cells:
                raise LimitExceeded(
                    gettext("文件包含超过 %(max)s 个单元格（含带格式的空单元格），超过导入上限，请分批导入。")
                    % {"max": _number(self.limits.cells)}
                )
        if self.elements % 10_000 == 0:
            self.deadline.check()
            if self.elements > self.limits.elements:
                raise LimitExceeded(
                    gettext(
                        "文件的结构过于庞大（超过 %(max)s 个XML元素），无法导入。请把数据复制到新下载的模板中再导入。"
                    )
                    % {"max": _number(self.limits.elements)}
                )


def _refuse_entities(*_args: object) -> None:
    raise EntitiesForbidden("entity declarations", None, None, None, None, None)
