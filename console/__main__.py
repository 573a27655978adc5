"""``python -m console``: the console, and the commands that go with it.

With no command it opens the console window. The other commands are the
parts a command centre runs beside it: the demo site, the dispatch hub, a
field terminal and the ONVIF commissioning tools. Each lives in its own
module, which names its arguments in ``configure`` and runs in ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> module with configure(parser) and run(args) -> exit status
COMMANDS = {
    "demo-site": ("console.sim.demo", "run the simulated demo command centre"),
    "hub": ("console.dispatch.cli", "run the dispatch hub"),
    "terminal": ("console.dispatch.terminal", "run a field terminal"),
    "onvif": ("console.onvif.cli", "discover and probe ONVIF cameras"),
}


def build_parser() -> argparse.ArgumentParser:
    """The console's own options; each command is listed in the epilog."""
    epilog = "commands:\n" + "\n".join(
        f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items()
    )
    parser = argparse.ArgumentParser(
        prog="console",
        description=__doc__.split("\n")[0],
        epilog=epilog + "\n\n'console COMMAND --help' tells more.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--site", metavar="FILE", help="open this site file")
    parser.add_argument(
        "--demo", action="store_true", help="start the demo site and open it"
    )
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], help="interface language (default zh_CN)"
    )
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the store")
    parser.add_argument(
        "--layout", type=int, metavar="N", help="open with a layout of N tiles"
    )
    parser.add_argument("--view", metavar="NAME", help="open this saved view")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    return parser


def command_parser(name: str):
    """The parser of one command and the module that runs it."""
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"console {name}", description=help_text)
    parser.add_argument("-v", "--verbose", action="count", default=0)
    module.configure(parser)
    return parser, module


def main(argv: list[str] | None = None) -> int:
    from console.logs import setup_logging

    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        parser, module = command_parser(argv[0])
        args = parser.parse_args(argv[1:])
        setup_logging(args.verbose)
        return module.run(args)

    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    from widgets.app import run_console

    return run_console(args)


if __name__ == "__main__":
    sys.exit(main())
