"""Reading site files: keep every valid entry, report every bad one.

A site file is TOML with a ``[site]`` table and arrays of ``[[source]]``,
``[[unit]]`` and ``[[group]]`` tables. Each entry is validated on its own; an
entry that fails is skipped and reported with the file, line and field, so a
typo in one camera never keeps the console from opening with the others.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from console.site.model import Group, Hub, Site, Source, Unit, redact

log = logging.getLogger(__name__)

SECTIONS: dict[str, type[BaseModel]] = {
    "source": Source,
    "unit": Unit,
    "group": Group,
}


@dataclass(frozen=True)
class SiteProblem:
    """One thing wrong in a site file, located for the person who wrote it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


@dataclass
class SiteLoad:
    """A site as far as it could be read, with what was wrong in it."""

    site: Site
    problems: list[SiteProblem]


class _Lines:
    """Finds the line of the n-th ``[[section]]`` table and of its keys."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def table(self, section: str, index: int) -> int | None:
        header = re.compile(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]")
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            if header.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    def key(self, start: int | None, key: str) -> int | None:
        """The line of ``key`` in the table whose header is on ``start``."""
        if start is None:
            return None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if line.lstrip().startswith("[["):
                break
            if pattern.match(line):
                return number + 1
        return start


def parse_site(text: str, file: str = "<site>") -> SiteLoad:
    """Validate site-file text; never raises for what the file says."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        problem = SiteProblem(
            file, int(line[1]) if line else None, None, f"not valid TOML: {error}"
        )
        return SiteLoad(Site(path=file), [problem])

    lines = _Lines(text)
    problems: list[SiteProblem] = []
    site = Site(path=file, **_site_header(data, file, problems))
    for section, model in SECTIONS.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            problems.append(
                SiteProblem(file, None, section, f"write [[{section}]] tables")
            )
            continue
        valid = _validate_entries(entries, section, model, lines, file, problems)
        getattr(site, section + "s").extend(valid)
    for key in data.keys() - SECTIONS.keys() - {"site", "hub"}:
        problems.append(SiteProblem(file, None, key, "unknown section, ignored"))
    _check_references(site, problems)
    return SiteLoad(site, problems)


def _site_header(data: dict, file: str, problems: list[SiteProblem]) -> dict:
    header = data.get("site", {})
    result = {"name": str(header.get("name", Path(file).stem))}
    try:
        result["hub"] = Hub.model_validate(data.get("hub", {}))
    except ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(p) for p in detail["loc"])
            problems.append(SiteProblem(file, None, f"hub.{field}", detail["msg"]))
    return result


def _validate_entries(entries, section, model, lines, file, problems):
    valid, seen = [], set()
    for index, entry in enumerate(entries):
        start = lines.table(section, index)
        try:
            item = model.model_validate(entry)
        except ValidationError as error:
            for detail in error.errors():
                problems.append(_problem(detail, entry, start, lines, file))
            continue
        if item.id in seen:
            problems.append(
                SiteProblem(file, start, "id", f"duplicate {section} id {item.id!r}")
            )
            continue
        seen.add(item.id)
        valid.append(item)
    return valid


def _problem(detail, entry, start, lines, file) -> SiteProblem:
    loc = [str(p) for p in detail["loc"]]
    field = ".".join(loc) or None
    line = lines.key(start, loc[0]) if loc else start
    name = entry.get("id") if isinstance(entry, dict) else None
    message = redact(detail["msg"])
    if detail["type"] == "missing":
        message = "required field is missing"
    elif detail["type"] == "extra_forbidden":
        message = "unknown field"
    if name:
        message = f"{name}: {message}"
    return SiteProblem(file, line, field, message)


def _check_references(site: Site, problems: list[SiteProblem]) -> None:
    units = {unit.id for unit in site.units}
    for group in site.groups:
        unknown = [m for m in group.members if m not in units]
        if unknown:
            problems.append(
                SiteProblem(
                    site.path or "<site>",
                    None,
                    f"group.{group.id}.members",
                    f"unknown units {', '.join(unknown)}",
                )
            )


def load_site(path: str | Path) -> SiteLoad:
    """Read a site file from disk; a missing or unreadable file is a problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        problem = SiteProblem(str(path), None, None, f"cannot read: {reason}")
        return SiteLoad(Site(path=str(path)), [problem])
    load = parse_site(text, str(path))
    log.info(
        "site %s: %d sources, %d units, %d groups, %d problems",
        path,
        len(load.site.sources),
        len(load.site.units),
        len(load.site.groups),
        len(load.problems),
    )
    return load
