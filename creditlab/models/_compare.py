"""A small table of "published result beside ours" for the lab notebooks.

It renders as an accessible HTML table (caption, header cells with scope) in Jupyter and
in the book, and as aligned plain text elsewhere, so that the numbers in it are computed
by the notebook rather than typed into the prose.
"""

from __future__ import annotations

import html

__all__ = ["Comparison"]


class Comparison:
    """A captioned table; ``rows`` are sequences of cells (the first cell names the row)."""

    def __init__(self, caption: str, header, rows):
        self.caption = str(caption)
        self.header = [str(h) for h in header]
        self.rows = [[str(c) for c in row] for row in rows]
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"each row needs {len(self.header)} cells (got {len(row)}: {row})")

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in self.header)
        body = []
        for row in self.rows:
            cells = f'<th scope="row">{esc(row[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in row[1:])
            body.append(f"<tr>{cells}</tr>")
        return (
            '<div class="creditlab-datatable-wrapper"><table class="table creditlab-datatable creditlab-compare">'
            f"<caption>{esc(self.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        widths = [max(len(r[i]) for r in [self.header, *self.rows]) for i in range(len(self.header))]
        line = lambda r: " | ".join(c.ljust(w) for c, w in zip(r, widths))  # noqa: E731
        rule = "-+-".join("-" * w for w in widths)
        return "\n".join([self.caption, line(self.header), rule, *map(line, self.rows)])
