"""Make the element ids inside ``{datachart}`` SVGs unique on a page.

Matplotlib names the groups of every SVG it writes ``figure_1``, ``axes_1``, ``line2d_1``
and so on, so a page with two charts repeats those ids, which makes the HTML invalid and
confuses assistive technology (``tests/test_editions.py`` checks for it). The Part I
numbers page has several charts. This post-transform prefixes those generic ids with the
chart's own id. They are never referenced from elsewhere in the SVG: matplotlib refers to
clip paths and markers by hashed ids, which are left alone.

Only ids of matplotlib's generic form (a name, an underscore and a number) inside a
``creditlab-chart`` container are changed; if ``charts.py`` comes to do this itself, this
module can be removed (delete its line in ``SUBMODULES``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["UniqueChartSvgIds", "prefix_generic_ids", "setup"]

_GENERIC_ID = re.compile(r'(\sid=")([A-Za-z][A-Za-z0-9.]*_\d+)(")')


def prefix_generic_ids(svg: str, prefix: str) -> str:
    """``id="axes_1"`` -> ``id="<prefix>-axes_1"``; other ids are kept."""
    return _GENERIC_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", svg)


class UniqueChartSvgIds(SphinxPostTransform):
    default_priority = 950
    formats = ("html",)

    def run(self, **kwargs):
        for container in list(self.document.findall(nodes.container)):
            if "creditlab-chart" not in container.get("classes", []) or not container.get("ids"):
                continue
            prefix = container["ids"][0]
            for raw in list(container.findall(nodes.raw)):
                text = raw.astext()
                new = prefix_generic_ids(text, prefix)
                if new != text:
                    raw.replace_self(nodes.raw("", new, format=raw.get("format", "html")))


def setup(app):
    app.add_post_transform(UniqueChartSvgIds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
