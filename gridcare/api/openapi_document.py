"""The committed OpenAPI document: rendered the same way by `export_openapi` and by the
test that fails when gridcare/api/openapi.json drifts from the code."""

import json
from pathlib import Path

COMMITTED_PATH = Path(__file__).resolve().parent / "openapi.json"


def openapi_document() -> str:
    """The API v1 schema as stable text: sorted keys, indent 2, UTF-8, final newline."""
    from gridcare.api.v1 import api

    # A JSON round trip first: ninja keys responses by int status codes.
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
