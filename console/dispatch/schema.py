"""Write the protocol's JSON Schema: ``python -m console.dispatch.schema``.

The schema is generated from the models in ``protocol``; a test checks
that docs/dispatch-protocol.schema.json matches them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from console.dispatch.protocol import json_schema

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "dispatch-protocol.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SCHEMA_FILE
    path.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
