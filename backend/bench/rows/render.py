"""The JSON renderer: the API renders with orjson (apps/common/renderers.py) because it pays. This
row keeps it honest: rendering a 50-item appointment page with the API's renderer against DRF's
JSONRenderer on the same data (the two write the same bytes; a test checks that)."""

from __future__ import annotations

from ..registry import Metric, Row, Side, Target, register
from ..sides import Context

DATASET = "marketplace"
PATH = "/api/v1/admin/appointments/?page_size=50"


def _render_with(label: str, renderer_path: str | None) -> Side:
    def prepare(ctx: Context):
        from django.conf import settings
        from django.utils.module_loading import import_string

        response = ctx.client(ctx.facts.admin_id).get(PATH)
        assert response.status_code == 200, response.status_code
        data = response.data
        path = renderer_path or settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"][0]
        renderer = import_string(path)()
        return lambda: renderer.render(data, "application/json", {})

    return Side(label, DATASET, prepare)


def _same_bytes(baseline, candidate) -> str | None:
    return None if baseline.result == candidate.result else "the two renderers wrote different bytes"


register(Row(
    key="render.appointments-page", title="render a 50-item appointment page: API renderer vs DRF JSONRenderer",
    metric=Metric.P50_MS, target=Target(ratio_at_most=0.5),
    baseline=_render_with("DRF JSONRenderer", "rest_framework.renderers.JSONRenderer"),
    candidate=_render_with("API renderer", None),
    check=_same_bytes, runs=200,
))
