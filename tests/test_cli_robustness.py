# SPDX-License-Identifier: MIT
"""
The command under hostile conditions: closed standard streams, legacy
terminal encodings, directories that are not data, unknown options, output
names and output targets (docs/cli.md, "Exit status").
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import kzreforms
from kzreforms import _cli

SRC = str(Path(__file__).resolve().parent.parent / "src")
FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "data"
CLOSED = "standard output is closed"


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "COLUMNS": "100", **extra}


def run(
    *args: str | Path, code: int, encoding: str = "utf-8", **env: str
) -> subprocess.CompletedProcess[bytes]:
    """``python -m kzreforms ARGS``, bytes out; checks the status and that no traceback leaks."""
    proc = subprocess.run(
        [sys.executable, "-m", "kzreforms", *map(str, args)],
        capture_output=True,
        env=_env(PYTHONIOENCODING=encoding, **env),
        check=False,
        timeout=120,
    )
    err = proc.stderr.decode(encoding, "replace")
    assert proc.returncode == code, (proc.returncode, proc.stdout[:500], err)
    assert "Traceback" not in err
    return proc


def run_closed(*args: str, redirect: str = ">&-") -> subprocess.CompletedProcess[str]:
    """Run the command from a shell with its standard output closed (``>&-``)."""
    script = f'exec "$0" -m kzreforms "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True,
        text=True,
        env=_env(PYTHONIOENCODING="utf-8"),
        close_fds=True,
        check=False,
        timeout=120,
    )


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _non_latin_reform() -> str:
    """A packaged reform whose 'show' text has characters neither cp437 nor latin-1 has."""
    registry = kzreforms.sources()
    for r in kzreforms.reforms():
        text = _cli._show_text(r, registry)
        if not any(_encodes(text, enc) for enc in ("cp437", "latin-1")):
            return r.id
    pytest.skip("no packaged reform with text outside cp437 and latin-1")  # pragma: no cover


class TestClosedStdout:
    @pytest.mark.parametrize(
        "args",
        [
            ["list"],
            ["schema"],
            ["topics"],
            ["sources"],
            ["show", "FIRST"],
            ["export", "-o", "-"],
            ["--data", str(DATA), "list", "--format", "json"],
        ],
    )
    def test_one_line_and_status_1(self, args: list[str]) -> None:
        """``kzreforms CMD >&-``: status 1 and one line on stderr, not an AttributeError."""
        args = [kzreforms.reforms()[0].id if a == "FIRST" else a for a in args]
        proc = run_closed(*args)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("kzreforms: error: standard output is closed")

    def test_stderr_closed_too(self) -> None:
        """With both streams closed the status still says it failed, and nothing crashes."""
        proc = run_closed("list", redirect=">&- 2>&-")
        assert proc.returncode == 1
        assert proc.stderr == ""

    def test_export_to_a_file_needs_no_stdout(self, tmp_path: Path) -> None:
        out = tmp_path / "x.json"
        proc = run_closed("--data", str(DATA), "export", "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        assert len(json.loads(out.read_text(encoding="utf-8"))["reforms"]) == 3

    @pytest.mark.parametrize("closed", ["none", "closed"])
    def test_in_process(
        self, closed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        stream = None
        if closed == "closed":
            stream = io.StringIO()
            stream.close()
        monkeypatch.setattr(sys, "stdout", stream)
        assert _cli.main(["--data", str(DATA), "list"]) == 1
        assert CLOSED in capsys.readouterr().err


class TestLegacyEncoding:
    @pytest.mark.parametrize("encoding", ["cp437", "latin-1", "ascii"])
    @pytest.mark.parametrize("command", ["show", "sources"])
    def test_output_degrades(self, encoding: str, command: str) -> None:
        """Characters the terminal lacks come out as '?', the rest as usual, status 0."""
        rid = _non_latin_reform()
        args = ["show", rid] if command == "show" else ["sources", "--format", "tsv"]
        out = run(*args, code=0, encoding=encoding).stdout.decode(encoding)
        assert "?" in out
        if command == "show":
            assert f"id:       {rid}" in out
            title = kzreforms.reforms().get(rid).title
            assert out.startswith(title.encode(encoding, "replace").decode(encoding))

    def test_error_message_degrades(self) -> None:
        """An error quoting text the terminal lacks is still printed (escaped), status 2."""
        err = run("show", "қазақ", code=2, encoding="cp437").stderr.decode("cp437")
        assert "kzreforms: error: unknown reform id '\\u049b\\u0430" in err

    def test_utf8_untouched(self) -> None:
        rid = _non_latin_reform()
        out = run("show", rid, code=0, encoding="utf-8").stdout.decode("utf-8")
        assert _cli._show_text(kzreforms.reforms().get(rid), kzreforms.sources())[:200] in out


class TestDataDirectory:
    @pytest.mark.parametrize("command", ["validate", "list"])
    @pytest.mark.parametrize(
        ("layout", "found"),
        [
            ([], "no reforms/ folder"),
            (["sources/"], "no reforms/ folder"),
            (["reforms/", "sources/"], "no reforms/*.json"),
            (["reforms/notes.txt"], "no reforms/*.json"),
        ],
    )
    def test_not_a_data_directory(
        self, tmp_path: Path, command: str, layout: list[str], found: str
    ) -> None:
        """A directory without reforms/*.json is a usage error, never '0 reforms, all valid'."""
        for item in layout:
            p = tmp_path / item
            if item.endswith("/"):
                p.mkdir()
            else:
                p.parent.mkdir(exist_ok=True)
                p.write_text("x", encoding="utf-8")
        args: list[str | Path] = (
            ["validate", tmp_path] if command == "validate" else ["--data", tmp_path, "list"]
        )
        proc = run(*args, code=2)
        err = proc.stderr.decode()
        flag = "validate" if command == "validate" else "--data"
        assert f"{flag}: {tmp_path} is not a data directory ({found})" in err
        assert "reforms/*.json" in err
        assert proc.stdout == b""

    def test_system_directory(self) -> None:
        err = run("validate", "/etc", code=2).stderr.decode()
        assert "not a data directory" in err
        assert "all valid" not in err

    def test_real_data_directory_still_works(self) -> None:
        out = run("validate", DATA, code=0).stdout.decode()
        assert "3 reforms, all valid" in out


class TestUnknownOption:
    @pytest.mark.parametrize(
        "args", [["--bogus"], ["--bogus", "list"], ["--data", str(DATA), "--bogus"]]
    )
    def test_named_first(self, args: list[str]) -> None:
        """argparse's own message names the unknown option; no word about a missing command."""
        err = run(*args, code=2).stderr.decode()
        assert "unrecognized arguments: --bogus" in err
        assert "required" not in err

    def test_no_command(self) -> None:
        err = run(code=2).stderr.decode()
        assert "the following arguments are required: COMMAND" in err


class TestExportFormat:
    @pytest.mark.parametrize("name", ["out.xlsx", "out.JSONX", "archive.json.gz", "data.txt"])
    def test_unknown_suffix_is_a_usage_error(self, tmp_path: Path, name: str) -> None:
        """An output name whose suffix is not a format is refused, and no file is made."""
        err = run("--data", DATA, "export", "-o", tmp_path / name, code=2).stderr.decode()
        suffix = name.rsplit(".", 1)[1].lower()
        assert f"ends in .{suffix}, which is not an export format" in err
        assert "formats: json, jsonl, csv, parquet" in err
        assert "--format" in err
        assert list(tmp_path.iterdir()) == []

    def test_explicit_format_wins(self, tmp_path: Path) -> None:
        out = tmp_path / "out.xlsx"
        run("--data", DATA, "export", "--format", "csv", "-o", out, code=0)
        assert out.read_text(encoding="utf-8").startswith("id,")

    @pytest.mark.parametrize(("name", "first"), [("noext", "{"), ("OUT.CSV", "id,")])
    def test_no_suffix_is_json_and_case_is_ignored(
        self, tmp_path: Path, name: str, first: str
    ) -> None:
        out = tmp_path / name
        run("--data", DATA, "export", "-o", out, code=0)
        assert out.read_text(encoding="utf-8").startswith(first)


class TestExportTargets:
    def test_directory_is_refused(self, tmp_path: Path) -> None:
        err = run("--data", DATA, "export", "-o", tmp_path, code=2).stderr.decode()
        assert f"{tmp_path}: is a directory; the output must be a file path" in err
        assert list(tmp_path.iterdir()) == []

    def test_dev_null(self) -> None:
        run("--data", DATA, "export", "-o", "/dev/null", code=0)
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)

    def test_dev_stdout(self) -> None:
        out = run("--data", DATA, "export", "--format", "jsonl", "-o", "/dev/stdout", code=0)
        assert len(out.stdout.decode().splitlines()) == 3

    def test_symlink_kept_and_mode_kept(self, tmp_path: Path) -> None:
        real = tmp_path / "real.csv"
        real.write_text("old", encoding="utf-8")
        real.chmod(0o600)
        link = tmp_path / "link.csv"
        link.symlink_to(real.name)
        run("--data", DATA, "export", "-o", link, code=0)
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8").startswith("id,")
        assert stat.S_IMODE(real.stat().st_mode) == 0o600


class TestValidatePackagedLayout:
    """The packaged data directory is itself valid user data."""

    def test_validate_the_packaged_directory(self) -> None:
        """Its sources equal the packaged ones: the same source, not an 'id used twice'."""
        data = Path(kzreforms.__file__).parent / "data"
        rs = kzreforms.load(data)
        assert len(rs) == len(kzreforms.reforms())
        assert set(rs.sources) == set(kzreforms.sources())

    def test_a_different_source_under_a_packaged_id(self, tmp_path: Path) -> None:
        """A user's record under a packaged source's id, with other content, is refused."""
        src = next(iter(kzreforms.sources().values()))
        doc = {
            "reforms": [json.loads(kzreforms.dumps(kzreforms.reforms()[0]))],
            "sources": [{**json.loads(kzreforms.dumps(src)), "title": "Something else"}],
        }
        path = tmp_path / "mine.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(kzreforms.DataLoadError, match="differs from the packaged source"):
            kzreforms.load(path)
