"""The debate studio's tools: data, balanced side assignment, argument maps, format plans, packets.

Use from a notebook::

    from creditlab import debate
    studio = debate.load_studio()
    schedule = debate.assign(12, rounds=4, format="wsdc", seed=1)
    print(schedule.to_text())
    amap = debate.build_map(studio, "M01")
    amap.clash_list()["crux"]
    html = debate.render_packet("M01")

or from a shell: ``python -m creditlab.debate --help``.
"""

from .assign import Schedule, Seat, assign
from .data import Studio, StudioError, check_studio, claim_audit, load_studio
from .formats import plan
from .maps import ArgumentMap, build_map
from .packet import html_to_pdf, render_packet, write_packets

__all__ = [
    "ArgumentMap",
    "Schedule",
    "Seat",
    "Studio",
    "StudioError",
    "assign",
    "build_map",
    "check_studio",
    "claim_audit",
    "html_to_pdf",
    "load_studio",
    "plan",
    "render_packet",
    "write_packets",
]
