"""Safe reading of uploads: size, type by content (not by extension), zip-bomb checks.

Office files are zip packages. Before any library opens one, every entry is inflated in
chunks with a running count, so a package that claims small sizes but inflates to gigabytes
is stopped after at most `MAX_TOTAL_UNCOMPRESSED` bytes; the entry count is checked first.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.readers.base import ImportFileError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, per entry larger than 1 MB
CHUNK = 1 << 16
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DOCX, XLSX, CSV = "docx", "xlsx", "csv"
EXPECTED = gettext_lazy("请上传 Word（.docx）或 Excel（.xlsx）格式的绩效目标表，或 CSV 平面表。")


def sniff(data: bytes) -> str:
    """The kind of file judged by its bytes: docx, xlsx or csv; anything else is refused."""
    if not data:
        raise ImportFileError(_("上传的文件是空的（0字节）。%(expected)s") % {"expected": EXPECTED})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("文件太大（%(size).1f MB），单个文件不能超过 5 MB，请按单位分开导入。")
            % {"size": len(data) / 1024 / 1024}
        )
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "文件设置了打开密码，或是旧版 Word/Excel（.doc/.xls）格式，无法读取。"
                "请取消密码保护，并另存为 .docx 或 .xlsx 后再上传。"
            )
        )
    if data.startswith(ZIP_MAGIC):
        names = check_package(data)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        raise ImportFileError(
            _("这是一个压缩包，但不是 Word 或 Excel 文件。%(expected)s") % {"expected": EXPECTED}
        )
    if _looks_like_text(data):
        return CSV
    raise ImportFileError(_("无法识别的文件格式。%(expected)s") % {"expected": EXPECTED})


def check_package(data: bytes) -> set[str]:
    """Inflate every entry with a running budget; return the entry names when all is well."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(
            _("文件已损坏（压缩包不完整，可能上传中断或文件被截断），请重新保存后再上传。")
        ) from error
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            _("文件包含的部件过多（%(count)s个），不像正常的 Office 文件。")
            % {"count": len(entries)}
        )
    if sum(e.file_size for e in entries) > MAX_TOTAL_UNCOMPRESSED:
        raise ImportFileError(
            _("文件解压后过大（超过 100 MB），不像正常的绩效目标表，已拒绝读取。")
        )
    total = 0
    for entry in entries:
        total = _inflate(package, entry, total)
    return {e.filename for e in entries}


def _inflate(package: zipfile.ZipFile, entry: zipfile.ZipInfo, total: int) -> int:
    if entry.flag_bits & 0x1:
        raise ImportFileError(_("文件已加密，请取消密码保护后再上传。"))
    size = 0
    try:
        with package.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                total += len(chunk)
                too_dense = size > (1 << 20) and size > MAX_RATIO * max(entry.compress_size, 1)
                if total > MAX_TOTAL_UNCOMPRESSED or too_dense or size > entry.file_size:
                    raise ImportFileError(
                        _("文件解压后异常膨胀（可能是恶意构造的压缩包），已拒绝读取。")
                    )
    except ImportFileError:
        raise
    except Exception as error:  # bad CRC, truncated stream, unsupported compression
        raise ImportFileError(
            _("文件已损坏（部分内容无法解压），请用 Word 或 Excel 打开后重新保存再上传。")
        ) from error
    return total


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:4096]:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def decode_text(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM) or GB18030 (what Chinese Excel saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("CSV 文件的编码无法识别，请另存为 UTF-8 编码的 CSV。"))
