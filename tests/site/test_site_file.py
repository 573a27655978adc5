"""Site files: valid entries load, bad ones are located and skipped."""

from __future__ import annotations

from pathlib import Path

from console.site import load_site, parse_site
from console.site.model import StreamUrl

EXAMPLE = Path(__file__).parents[2] / "config" / "example-site.toml"

GOOD = """
[[source]]
id = "a"
name = "A"
kind = "camera"
level = "enterprise"
main = "rtsp://127.0.0.1:8554/a"
"""


def test_example_site_loads_without_problems():
    """The shipped example site file is valid."""
    load = load_site(EXAMPLE)
    assert load.problems == []
    assert len(load.site.sources) >= 3


def test_bad_field_named_with_line():
    """A wrong value names the file, the line and the field."""
    text = (
        GOOD + '\n[[source]]\nid = "b"\nname = "B"\nkind = "camera"\n'
        'level = "galaxy"\nmain = "rtsp://127.0.0.1/b"\n'
    )
    load = parse_site(text, "site.toml")
    assert [s.id for s in load.site.sources] == ["a"]
    (problem,) = load.problems
    assert (problem.file, problem.line, problem.field) == ("site.toml", 13, "level")
    assert str(problem).startswith("site.toml:13 [level]: b:")


def test_missing_field_points_at_its_table():
    """A missing field points at the line of its [[source]] table."""
    load = parse_site('[[source]]\nid = "c"\nname = "C"\n', "s.toml")
    fields = {p.field for p in load.problems}
    assert {"kind", "level", "main"} <= fields
    assert all(p.line == 1 for p in load.problems)


def test_toml_syntax_error_has_line():
    """A TOML syntax error is reported with its line; nothing loads."""
    load = parse_site(GOOD + "\nname = = 3\n", "s.toml")
    (problem,) = load.problems
    assert problem.line == 9
    assert "not valid TOML" in problem.message


def test_unknown_field_and_duplicate_id():
    """Unknown fields and duplicate ids are reported; the first entry stays."""
    load = parse_site(GOOD + GOOD + GOOD.replace('"A"\n', '"A"\ncolour = 1\n'), "s")
    messages = [p.message for p in load.problems]
    assert any("duplicate source id 'a'" in m for m in messages)
    assert any("unknown field" in m for m in messages)
    assert len(load.site.sources) == 1


def test_missing_file_is_a_problem(tmp_path):
    """A site file that does not exist is a problem, not a crash."""
    load = load_site(tmp_path / "none.toml")
    assert "cannot read" in load.problems[0].message


def test_password_with_special_characters_splits_at_last_at():
    """'#', '@' and ':' in a password stay in the password."""
    url = StreamUrl.parse("rtsp://admin:p#a@ss:w@127.0.0.1:554/ch1?x=1")
    assert (url.user, url.password) == ("admin", "p#a@ss:w")
    assert url.location() == "rtsp://127.0.0.1:554/ch1?x=1"
    assert url.for_client() == "rtsp://admin:p%23a%40ss%3Aw@127.0.0.1:554/ch1?x=1"


def test_password_never_in_messages():
    """A bad URL's error message hides its password."""
    load = parse_site(
        GOOD.replace("rtsp://127.0.0.1:8554/a", "gopher://u:secret@h/x"), "s"
    )
    assert load.problems
    assert all("secret" not in str(p) for p in load.problems)
    assert "secret" not in repr(load.site)


def test_site_credentials_fill_urls():
    """Site user and password apply to both streams."""
    text = GOOD + 'sub = "rtsp://127.0.0.1:8554/a-sub"\nuser = "u"\npassword = "p@"\n'
    (source,) = parse_site(text).site.sources
    assert source.main.password == "p@" and source.sub.user == "u"
