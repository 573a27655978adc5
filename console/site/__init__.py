"""Site files: what a command centre has (sources, units, groups, its hub)."""

from console.site.loader import SiteLoad, SiteProblem, load_site, parse_site
from console.site.model import (
    Group,
    Kind,
    Level,
    Site,
    Source,
    Unit,
)

__all__ = [
    "Group",
    "Kind",
    "Level",
    "Site",
    "SiteLoad",
    "SiteProblem",
    "Source",
    "Unit",
    "load_site",
    "parse_site",
]
