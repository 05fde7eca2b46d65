"""Small tables for notebook output: rows of values shown as a Markdown table.

In Jupyter the table renders as Markdown; in the book, notebooks that use it set
``mystnb.render_markdown_format: gfm`` in their metadata so that myst-nb renders it as a
real table (with a header row that screen readers announce). Elsewhere it prints as text.
"""

from __future__ import annotations

__all__ = ["Table", "table"]


class Table:
    """A captioned table; ``_repr_markdown_`` for Jupyter and the book, ``str`` for a console."""

    def __init__(self, headers, rows, caption: str = "", right: tuple[int, ...] | None = None):
        self.headers = [str(h) for h in headers]
        self.rows = [[str(c) for c in row] for row in rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(f"row {i} has {len(row)} cells for {len(self.headers)} headers")
        self.caption = caption
        # Right-align every column but the first, unless told otherwise.
        self.right = set(range(1, len(self.headers))) if right is None else set(right)

    def _repr_markdown_(self) -> str:
        esc = [[c.replace("|", "\\|") for c in row] for row in [self.headers, *self.rows]]
        align = ["---:" if i in self.right else "---" for i in range(len(self.headers))]
        lines = [f"**{self.caption}**", ""] if self.caption else []
        lines.append("| " + " | ".join(esc[0]) + " |")
        lines.append("| " + " | ".join(align) + " |")
        lines += ["| " + " | ".join(r) + " |" for r in esc[1:]]
        return "\n".join(lines)

    def __str__(self) -> str:
        cols = [self.headers, *self.rows]
        widths = [max(len(r[i]) for r in cols) for i in range(len(self.headers))]
        fmt = lambda r: "  ".join(c.rjust(w) if i in self.right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
        lines = [self.caption] if self.caption else []
        lines += [fmt(self.headers), "  ".join("-" * w for w in widths)] + [fmt(r) for r in self.rows]
        return "\n".join(lines)

    __repr__ = __str__


def table(headers, rows, caption: str = "", right=None) -> Table:
    """Build a :class:`Table`; the last expression of a cell displays it."""
    return Table(headers, rows, caption=caption, right=right)
