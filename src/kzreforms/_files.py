# SPDX-License-Identifier: MIT
# ruff: noqa: PTH100, PTH114, PTH115, PTH116, PTH118, PTH119, PTH120 - symlinks followed hop by hop
"""
Writing output files: atomically where a file is replaced, directly where
the target is a device.

What happens depends on what sits at the output path (docs/reliability.md,
"Writing files"):

- nothing, or a regular file: the data goes to a temporary file beside it
  (``.kz-XXXXXXXX.tmp``, short so that a name near the file-name limit still
  works), is flushed to disk and renamed over the target in one step; an
  existing file keeps its permission bits (a new one gets ``0666 & ~umask``);
- a symlink, dangling or not: the same, at the file it points to, so the
  link stays a link;
- a regular file with more than one hard link: rewritten in place (the data
  is produced in full first), so every name still shows the new data;
- a character device or a FIFO (``/dev/null``, a named pipe), or a
  descriptor alias (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``):
  written directly, never replaced;
- a directory or any other kind of file: refused with
  :class:`~kzreforms.OutputPathError`, and nothing is written.

Standard library and :mod:`kzreforms._errors` only.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Literal

from ._errors import OutputPathError

__all__ = ["atomic_write", "atomic_write_dir", "write_text"]

_TMP_PREFIX = ".kz-"
_TMP_SUFFIX = ".tmp"
_MAX_LINKS = 40
_ACCEPTED = (
    "the output must be a file path: a regular file (new or existing), a symlink to one, "
    "a character device such as /dev/null, or a FIFO"
)

_Mode = Literal["replace", "in-place", "direct"]


class _DirectoryError(OutputPathError, IsADirectoryError):
    """A directory as output: also an ``IsADirectoryError``, as it always was."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _follow(path: str) -> tuple[str, bool]:
    """
    The file *path* finally names after its symlinks, and whether the chain
    passes through ``/proc`` (a descriptor alias such as ``/dev/stdout``,
    whose "target" is a pipe or a terminal, not a path to write beside).
    """
    for _ in range(_MAX_LINKS):
        path = os.path.abspath(path)
        parent = os.path.realpath(os.path.dirname(path))
        if parent == "/proc" or parent.startswith("/proc/"):
            return path, True
        path = os.path.join(parent, os.path.basename(path))
        if not os.path.islink(path):
            return path, False
        path = os.path.join(parent, os.readlink(path))
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)


def _plan(target: Path) -> tuple[_Mode, str, os.stat_result | None]:
    """How to write *target*: the mode, the path to write and its current status."""
    real, alias = _follow(str(target))
    try:
        st = os.stat(str(target) if alias else real)
    except FileNotFoundError:
        if alias:
            raise
        return "replace", real, None
    if stat.S_ISDIR(st.st_mode):
        raise _DirectoryError(errno.EISDIR, f"is a directory; {_ACCEPTED}", str(target))
    if alias or stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "direct", str(target), st
    if not stat.S_ISREG(st.st_mode):
        raise OutputPathError(
            errno.EINVAL,
            f"is neither a regular file, a device nor a FIFO; {_ACCEPTED}",
            str(target),
        )
    if st.st_nlink > 1:
        return "in-place", real, st
    return "replace", real, st


def _fsync(fd: int) -> None:
    with contextlib.suppress(OSError):  # pipes, terminals and some devices cannot sync
        os.fsync(fd)


def _fsync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every platform opens directories
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy_into(source: Path, dest: str, mode: _Mode) -> None:
    """Pour the finished *source* into *dest* (a device, or a hard-linked file)."""
    # Appending to a device changes nothing, and /dev/stdout redirected with
    # ``>>`` to a file must not be truncated.
    flags = os.O_WRONLY | os.O_APPEND if mode == "direct" else os.O_WRONLY
    fd = os.open(dest, flags)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)
        if mode == "in-place":
            out.truncate()
        out.flush()
        _fsync(out.fileno())


def _keep_owner(path: str, st: os.stat_result) -> None:
    """Give *path* the owner and group in *st*, where the process may (root)."""
    if not hasattr(os, "chown"):  # pragma: no cover - Windows has no owners to keep
        return
    if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.chown(path, st.st_uid, st.st_gid)


def _replace(
    target: Path, real: str, st: os.stat_result | None, write: Callable[[Path], None]
) -> None:
    directory = os.path.dirname(real)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX)
    except OSError as e:
        raise type(e)(e.errno, e.strerror, str(target)) from e
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        fd = os.open(tmp_name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if st is None:
            tmp.chmod(0o666 & ~_umask())
        else:
            tmp.chmod(stat.S_IMODE(st.st_mode))
            _keep_owner(tmp_name, st)
        tmp.replace(real)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """
    Call ``write(tmp)`` to fill a temporary file, then put the result at
    *path*: renamed over it in one step for a regular file (through a
    symlink, over the file it points to), copied in for a hard-linked file,
    a character device or a FIFO.  On any failure while writing, the
    temporary file is removed and *path* is left as it was.

    Returns:
        The target path, as given.

    Raises:
        OutputPathError: *path* is a directory (or a socket, a block
            device...); nothing is written.
        OSError: The directory is missing or not writable (nothing written).
    """
    target = Path(path)
    mode, real, st = _plan(target)
    if mode == "replace":
        _replace(target, real, st, write)
        return target
    with tempfile.TemporaryDirectory(prefix="kz-") as scratch:
        tmp = Path(scratch) / "out"
        write(tmp)
        _copy_into(tmp, real, mode)
    return target


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write *text* (UTF-8, newlines as given) to *path* as :func:`atomic_write` does."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            f.write(text)

    return atomic_write(path, write)


_DIR_ACCEPTED = (
    "the output must be a directory path: a new one, an empty one, or one that holds "
    "only an earlier export of the same kind"
)


def _fsync_tree(root: str) -> None:
    for here, _dirs, files in os.walk(root):
        for name in files:
            with contextlib.suppress(OSError):
                fd = os.open(os.path.join(here, name), os.O_RDONLY)
                try:
                    _fsync(fd)
                finally:
                    os.close(fd)
        _fsync_dir(here)


def atomic_write_dir(
    path: str | os.PathLike[str],
    fill: Callable[[Path], None],
    *,
    replaceable: Callable[[Path], bool],
) -> Path:
    """
    Call ``fill(tmp)`` to fill a new temporary directory beside *path*, then
    put it at *path* by renaming: the directory appears whole or not at all.

    An existing *path* (through a symlink, the directory it points to) is
    replaced only when it is an empty directory or ``replaceable(path)``
    says it holds only an earlier export of the same kind; the old one is
    moved aside, the new one moved in, and the old one removed.  On any
    failure while filling, the temporary directory is removed and *path* is
    left as it was.

    Returns:
        The target path, as given.

    Raises:
        OutputPathError: *path* is a file, or a directory holding other
            files; nothing is written.
        OSError: The parent directory is missing or not writable.

    .. versionadded:: 0.2.0
    """
    target = Path(path)
    real = Path(os.path.realpath(target))
    st: os.stat_result | None = None
    if os.path.lexists(real):
        st = real.stat()
        if not stat.S_ISDIR(st.st_mode):
            raise OutputPathError(
                errno.ENOTDIR, f"is not a directory; {_DIR_ACCEPTED}", str(target)
            )
        if any(real.iterdir()) and not replaceable(real):
            raise OutputPathError(
                errno.ENOTEMPTY,
                f"is a directory that holds other files, which would be lost; {_DIR_ACCEPTED}",
                str(target),
            )
    parent = str(real.parent)
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX))
    except OSError as e:
        raise type(e)(e.errno, e.strerror, str(target)) from e
    try:
        fill(tmp)
        _fsync_tree(str(tmp))
        tmp.chmod(0o777 & ~_umask() if st is None else stat.S_IMODE(st.st_mode))
        if st is None:
            tmp.rename(real)
        else:
            old = Path(tempfile.mkdtemp(dir=parent, prefix=_TMP_PREFIX, suffix=".old"))
            real.rename(old)  # onto the empty directory just made
            try:
                tmp.rename(real)
            except BaseException:
                old.rename(real)
                raise
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(parent)
    return target


def _emit(text: str, path: str | os.PathLike[str] | IO[str] | None) -> str:
    """Return *text*, after writing it to *path* (a path or an open stream) when given."""
    if path is None:
        return text
    if isinstance(path, (str, os.PathLike)):
        write_text(path, text)
    else:
        path.write(text)
    return text
