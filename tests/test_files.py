# SPDX-License-Identifier: MIT
"""
Writing output files (``kzreforms._files``): what happens to whatever sits
at the output path (docs/reliability.md, "Writing files").
"""

from __future__ import annotations

import errno
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import _files, _formats, _schema

SRC = str(Path(__file__).resolve().parent.parent / "src")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _run(code: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", code], env=env, check=False, timeout=60, **kw
    )


class TestRegularFiles:
    def test_new_file_mode_follows_umask(self, tmp_path: Path) -> None:
        """A new file gets 0666 & ~umask, not the temporary file's 0600."""
        p = tmp_path / "x.json"
        _files.write_text(p, "new\n")
        assert 0o666 & ~_umask() == stat.S_IMODE(p.stat().st_mode)

    @pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o755])
    def test_existing_file_keeps_its_mode(self, tmp_path: Path, mode: int) -> None:
        """A private file stays private after it is replaced."""
        p = tmp_path / "x.json"
        p.write_text("old", encoding="utf-8")
        p.chmod(mode)
        _files.write_text(p, "new")
        assert mode == stat.S_IMODE(p.stat().st_mode)
        assert p.read_text(encoding="utf-8") == "new"

    def test_existing_file_keeps_its_owner_as_root(self, tmp_path: Path) -> None:
        """Root replacing another user's file leaves it theirs."""
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("only root can give a file away")
        p = tmp_path / "x.json"
        p.write_text("old", encoding="utf-8")
        os.chown(p, 4321, 4321)
        _files.write_text(p, "new")
        assert (p.stat().st_uid, p.stat().st_gid) == (4321, 4321)

    def test_replaced_atomically(self, tmp_path: Path) -> None:
        """The file is replaced by a new inode: a reader holding the old one sees old data."""
        p = tmp_path / "x.json"
        p.write_text("old", encoding="utf-8")
        with p.open(encoding="utf-8") as held:
            _files.write_text(p, "new")
            assert held.read() == "old"
        assert p.read_text(encoding="utf-8") == "new"

    def test_temporary_name_is_short_and_beside_the_target(self, tmp_path: Path) -> None:
        """The temporary file is ``.kz-XXXXXXXX.tmp`` in the target's directory."""
        seen: list[Path] = []

        def write(tmp: Path) -> None:
            seen.append(tmp)
            tmp.write_bytes(b"x")

        _files.atomic_write(tmp_path / ("n" * 200 + ".csv"), write)
        (tmp,) = seen
        assert tmp_path == tmp.parent
        assert re.fullmatch(r"\.kz-[A-Za-z0-9_]+\.tmp", tmp.name)
        assert len(tmp.name) <= 20

    def test_name_at_the_file_name_limit(self, tmp_path: Path) -> None:
        """A name of the longest length the file system takes can be written (and replaced)."""
        limit = os.pathconf(tmp_path, "PC_NAME_MAX")
        p = tmp_path / ("r" * (limit - 5) + ".json")
        _files.write_text(p, "one")
        _files.write_text(p, "two")
        assert p.read_text(encoding="utf-8") == "two"
        assert [p.name] == [q.name for q in tmp_path.iterdir()]

    def test_failure_leaves_old_file_and_no_temp(self, tmp_path: Path) -> None:
        p = tmp_path / "x.csv"
        p.write_text("old", encoding="utf-8")

        def half(tmp: Path) -> None:
            tmp.write_text("partial", encoding="utf-8")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError, match="disk on fire"):
            _files.atomic_write(p, half)
        assert p.read_text(encoding="utf-8") == "old"
        assert [q.name for q in tmp_path.iterdir()] == ["x.csv"]

    @given(text=st.text(st.characters(exclude_categories=["Cs"])), old=st.booleans())
    def test_text_round_trips(self, text: str, old: bool) -> None:
        """Whatever text is written reads back the same, byte for byte in UTF-8."""
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "t.txt"
            if old:
                p.write_bytes(b"previous content")
            _files.write_text(p, text)
            assert text.encode("utf-8") == p.read_bytes()
            assert [q.name for q in Path(d).iterdir()] == ["t.txt"]


class TestSymlinks:
    def test_symlink_target_is_written_and_link_kept(self, tmp_path: Path) -> None:
        real = tmp_path / "data" / "real.json"
        real.parent.mkdir()
        real.write_text("old", encoding="utf-8")
        real.chmod(0o600)
        link = tmp_path / "link.json"
        link.symlink_to(Path("data") / "real.json")
        _files.write_text(link, "new")
        assert link.is_symlink()
        assert Path("data") / "real.json" == link.readlink()
        assert real.read_text(encoding="utf-8") == "new"
        assert stat.S_IMODE(real.stat().st_mode) == 0o600
        assert [q.name for q in real.parent.iterdir()] == ["real.json"]

    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        link = tmp_path / "link.json"
        link.symlink_to(tmp_path / "made.json")
        _files.write_text(link, "new")
        assert link.is_symlink()
        assert (tmp_path / "made.json").read_text(encoding="utf-8") == "new"
        assert 0o666 & ~_umask() == stat.S_IMODE((tmp_path / "made.json").stat().st_mode)

    def test_chain_of_symlinks_through_a_linked_directory(self, tmp_path: Path) -> None:
        (tmp_path / "d").mkdir()
        (tmp_path / "d" / "end.txt").write_text("old", encoding="utf-8")
        (tmp_path / "dl").symlink_to("d")
        (tmp_path / "d" / "mid").symlink_to("end.txt")
        first = tmp_path / "first"
        first.symlink_to(Path("dl") / "mid")
        _files.write_text(first, "new")
        assert (tmp_path / "d" / "end.txt").read_text(encoding="utf-8") == "new"
        assert first.is_symlink()
        assert (tmp_path / "d" / "mid").is_symlink()

    def test_symlink_loop_is_an_os_error(self, tmp_path: Path) -> None:
        (tmp_path / "a").symlink_to("b")
        (tmp_path / "b").symlink_to("a")
        with pytest.raises(OSError, match="a") as info:
            _files.write_text(tmp_path / "a", "x")
        assert info.value.errno == errno.ELOOP

    def test_symlink_to_a_directory_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "d").mkdir()
        (tmp_path / "l").symlink_to("d")
        with pytest.raises(kzreforms.OutputPathError, match="is a directory"):
            _files.write_text(tmp_path / "l", "x")
        assert list((tmp_path / "d").iterdir()) == []


class TestHardLinks:
    def test_hard_link_is_kept_and_both_names_see_the_data(self, tmp_path: Path) -> None:
        a = tmp_path / "a.json"
        a.write_text("old old old", encoding="utf-8")
        a.chmod(0o600)
        b = tmp_path / "b.json"
        os.link(a, b)
        _files.write_text(a, "new")
        assert a.read_text(encoding="utf-8") == "new"
        assert b.read_text(encoding="utf-8") == "new"
        assert a.stat().st_nlink == 2
        assert a.stat().st_ino == b.stat().st_ino
        assert stat.S_IMODE(a.stat().st_mode) == 0o600

    def test_failed_write_leaves_a_hard_linked_file_alone(self, tmp_path: Path) -> None:
        a = tmp_path / "a.json"
        a.write_text("old", encoding="utf-8")
        os.link(a, tmp_path / "b.json")

        def half(tmp: Path) -> None:
            tmp.write_text("partial", encoding="utf-8")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError, match="disk on fire"):
            _files.atomic_write(a, half)
        assert (tmp_path / "b.json").read_text(encoding="utf-8") == "old"
        assert sorted(q.name for q in tmp_path.iterdir()) == ["a.json", "b.json"]


class TestDevices:
    def test_dev_null_stays_a_device(self) -> None:
        """Writing to /dev/null writes through it (as root it used to be replaced)."""
        _files.write_text("/dev/null", "gone\n")
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)

    def test_character_device_is_written_not_replaced(self, tmp_path: Path) -> None:
        """A character device made in a scratch directory (root only) stays one."""
        dev = tmp_path / "null"
        try:
            os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("making a device node needs root")
        _files.write_text(dev, "x")
        assert stat.S_ISCHR(dev.lstat().st_mode)
        assert [q.name for q in tmp_path.iterdir()] == ["null"]

    def test_fifo_is_written_not_replaced(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []

        def read() -> None:
            with fifo.open("rb") as f:
                got.append(f.read())

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        _files.write_text(fifo, "through the pipe\n")
        reader.join(timeout=30)
        assert got == [b"through the pipe\n"]
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert [q.name for q in tmp_path.iterdir()] == ["pipe"]

    def test_dev_stdout_to_a_pipe(self) -> None:
        """/dev/stdout is written through, even when nobody may create files in /dev."""
        code = "from kzreforms import _files; _files.write_text('/dev/stdout', 'héllo\\n')"
        out = _run(code, capture_output=True)
        assert (out.returncode, out.stderr) == (0, b"")
        assert "héllo\n".encode() == out.stdout

    def test_dev_stdout_appended_to_a_file(self, tmp_path: Path) -> None:
        """``>> file``: /dev/stdout adds to the file (nothing truncated, nothing replaced)."""
        log = tmp_path / "log.txt"
        log.write_bytes(b"before\n")
        code = "from kzreforms import _files; _files.write_text('/dev/stdout', 'after\\n')"
        with log.open("ab") as f:
            out = _run(code, stdout=f, stderr=subprocess.PIPE)
        assert (out.returncode, out.stderr) == (0, b"")
        assert log.read_bytes() == b"before\nafter\n"
        assert [q.name for q in tmp_path.iterdir()] == ["log.txt"]

    def test_parquet_through_a_fifo(self, tmp_path: Path) -> None:
        """A writer that needs a real file (Parquet) fills a scratch file, then the FIFO."""
        pytest.importorskip("pyarrow")
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []

        def read() -> None:
            with fifo.open("rb") as f:
                got.append(f.read())

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        _formats.write_parquet(kzreforms.reforms()[:3], fifo)
        reader.join(timeout=30)
        assert got[0].startswith(b"PAR1")
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


class TestRefused:
    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(kzreforms.OutputPathError) as info:
            _files.write_text(tmp_path, "x")
        e = info.value
        assert isinstance(e, IsADirectoryError)
        assert isinstance(e, kzreforms.KzReformsError)
        assert e.errno == errno.EISDIR
        assert str(tmp_path) == e.filename
        assert f"{tmp_path}: is a directory; the output must be a file path" in str(e)
        assert "/dev/null" in str(e)
        assert list(tmp_path.iterdir()) == []

    def test_socket(self, tmp_path: Path) -> None:
        path = tmp_path / "s"
        if len(str(path)) > 100:
            pytest.skip("socket path too long for AF_UNIX")
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(str(path))
            with pytest.raises(kzreforms.OutputPathError, match="neither a regular file"):
                _files.write_text(path, "x")
        assert stat.S_ISSOCK(path.lstat().st_mode)

    def test_missing_directory_names_the_target(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError, match=r"out\.json"):
            _files.write_text(tmp_path / "no" / "out.json", "x")


class TestModuleHome:
    def test_formats_and_schema_use_files(self) -> None:
        """The writing code has one home; _formats re-exports it for compatibility."""
        assert _files.atomic_write is _formats.atomic_write
        assert _files.write_text is _formats.write_text
        assert _files.write_text is vars(_schema)["write_text"]
