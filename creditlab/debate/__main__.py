"""``python -m creditlab.debate COMMAND ...``: the debate studio from a shell or a notebook.

Commands
--------
motions                       list the motion bank
assign N ROUNDS [--format F] [--seed S] [--names a,b,...] [--csv]
                              balanced side and role assignment for a club
map MOTION [--as dot|svg|argdown|aif]
                              an argument map (core motions) in a standard format
clash MOTION                  the clash list of a core motion
plan MOTION FORMAT [--side prop|opp]
                              how to run a motion in a format, speech by speech
packet MOTION [--format F] [--out DIR] [--pdf]
                              one printable prep packet (HTML, and PDF via Chromium)
packets [--out DIR] [--pdf]   every packet (what `make packets` runs)
check                         check the debate data across files

From a notebook, call :func:`main` with a list of arguments, e.g.
``main(["assign", "12", "4", "--format", "wsdc"])``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def _studio():
    from .data import load_studio

    return load_studio()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m creditlab.debate", description="The course kit's debate studio tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("motions", help="list the motion bank")
    a = sub.add_parser("assign", help="balanced side and role assignment")
    a.add_argument("n_students", type=int)
    a.add_argument("rounds", type=int)
    a.add_argument("--format", default="wsdc")
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--names", help="comma-separated names (instead of S01, S02, ...)")
    a.add_argument("--csv", action="store_true", help="print CSV instead of a readable list")
    m = sub.add_parser("map", help="an argument map in a standard format")
    m.add_argument("motion")
    m.add_argument("--as", dest="kind", choices=("dot", "svg", "argdown", "aif"), default="argdown")
    c = sub.add_parser("clash", help="the clash list of a core motion")
    c.add_argument("motion")
    pl = sub.add_parser("plan", help="speech-by-speech plan for a motion in a format")
    pl.add_argument("motion")
    pl.add_argument("format")
    pl.add_argument("--side", choices=("prop", "opp"), default="prop")
    p = sub.add_parser("packet", help="one prep packet")
    p.add_argument("motion")
    p.add_argument("--format", default=None)
    p.add_argument("--out", type=Path, default=Path("_build/packets"))
    p.add_argument("--pdf", action="store_true")
    ps = sub.add_parser("packets", help="every prep packet")
    ps.add_argument("--out", type=Path, default=Path("_build/packets"))
    ps.add_argument("--pdf", action="store_true")
    ps.add_argument("--format", default=None)
    sub.add_parser("check", help="check the debate data across files")
    args = parser.parse_args(argv)

    try:
        if args.command == "motions":
            for mo in _studio().motions:
                flag = " [case files + map]" if mo["core"] == "yes" else ""
                print(f"{mo['id']}  {mo['type']:<14} {mo['difficulty']:<12} {mo['motion']}{flag}")
        elif args.command == "assign":
            from .assign import assign

            names = [n for n in args.names.split(",")] if args.names else None
            sched = assign(None if names else args.n_students, args.rounds, args.format, args.seed, names=names)
            print(sched.to_csv() if args.csv else sched.to_text(), end="" if args.csv else "\n")
        elif args.command in ("map", "clash"):
            from .maps import build_map

            amap = build_map(_studio(), args.motion)
            if args.command == "clash":
                for kind, title in (("crux", "Cruxes"), ("reinterpretation", "Same fact, different meaning"), ("common", "Common ground")):
                    print(f"{title}:")
                    for n in amap.clash_list()[kind]:
                        print(f"  {n.id} ({'for' if n.side == 'prop' else 'against'}) {n.text}")
                        print(f"      trust-deficit {n.td}: {n.td_gloss}")
                        print(f"      Mass Line {n.ml}: {n.ml_gloss}")
            else:
                out = {"dot": amap.to_dot, "svg": amap.to_svg, "argdown": amap.to_argdown, "aif": amap.to_aif_json}[args.kind]()
                sys.stdout.write(out)
        elif args.command == "plan":
            from .formats import plan

            for step in plan(_studio(), args.motion, args.format, args.side):
                print(f"{step.speech}: {step.task}")
                for item in step.material:
                    print(f"    - {item}")
        elif args.command in ("packet", "packets"):
            from .packet import write_packets

            motions = [args.motion] if args.command == "packet" else None
            for path in write_packets(args.out, motions, pdf=args.pdf, format_id=args.format):
                print(path)
        elif args.command == "check":
            from .data import check_studio, claim_audit

            studio = _studio()
            try:
                claims, source = claim_audit()
            except FileNotFoundError as exc:
                claims, source = None, None
                print(f"note: {exc}", file=sys.stderr)
            problems = check_studio(studio, claims=claims)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                return 1
            print(f"debate data OK: {len(studio.motions)} motions, {len(studio.cards)} cards, {len(studio.cases)} case-file rows, "
                  f"{len(studio.maps)} map nodes" + (f"; claim ids checked against {source}" if source else ""))
    except (ValueError, TypeError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {msg}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
