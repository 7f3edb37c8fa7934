"""The API's write endpoints (issue 21): built in their own part; see ADR 0061."""

from ninja import Router

router = Router()
