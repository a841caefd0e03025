"""The picture of who acts on whom, as inline SVG laid out here: the page runs no script and
loads nothing, so no drawing library can do it in the browser."""
from __future__ import annotations

import math

from rdflib.term import Node

from kg.show.escape import esc
from kg.show.view import ArticlePage, Entity

__all__ = ["graph_svg", "COLOURS"]

# type -> (background, border) of an entity's node; page.css gives its mentions and the legend the same.
COLOURS = {
    "Person": ("#ffd8a8", "#e8590c"),
    "Organization": ("#a5d8ff", "#1971c2"),
    "Location": ("#b2f2bb", "#2f9e44"),
    "Group": ("#e5dbff", "#7048e8"),
    "Entity": ("#e9ecef", "#868e96"),
}


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _circle_order(nodes: list[Entity], pairs: dict[tuple[Node, Node], list[str]]) -> list[Entity]:
    """Neighbours next to each other on the circle: each connected group depth-first from its
    least connected node (a chain of arrows goes round the circle without crossings), the
    biggest group first, nodes without arrows last."""
    links: dict[Node, set[Node]] = {e.iri: set() for e in nodes}
    for a, b in pairs:
        links[a].add(b)
        links[b].add(a)
    rank = {e.iri: i for i, e in enumerate(nodes)}
    groups: list[list[Node]] = []
    seen: set[Node] = set()
    for start in sorted(nodes, key=lambda e: (not links[e.iri], len(links[e.iri]), rank[e.iri])):
        if start.iri in seen:
            continue
        group, stack = [], [start.iri]
        while stack:
            here = stack.pop()
            if here in seen:
                continue
            seen.add(here)
            group.append(here)
            stack.extend(sorted(links[here] - seen, key=lambda n: (len(links[n]), rank[n]), reverse=True))
        groups.append(group)
    groups.sort(key=lambda g: (len(g) == 1, -len(g)))
    by_iri = {e.iri: e for e in nodes}
    return [by_iri[n] for g in groups for n in g]


def graph_svg(page: ArticlePage, width: int = 600, height: int = 440) -> str:
    """Actors and recipients on a circle, one curved arrow per actor -> recipient pair labelled
    with the types of the events between them (negated ones as "not TYPE"), one type a line.
    Pure SVG; labels are moved outward along their arrow's normal until they overlap nothing."""
    nodes: list[Entity] = []
    pairs: dict[tuple[Node, Node], list[str]] = {}
    solo: dict[Node, list[str]] = {}
    for ev in page.events:
        label = f"not {ev.type}" if ev.negated else ev.type
        for e in (*ev.actors, *ev.recipients):
            if all(n.iri != e.iri for n in nodes):
                nodes.append(e)
        for a in ev.actors:
            if not ev.recipients:
                solo.setdefault(a.iri, []).append(label)
            for r in ev.recipients:
                if a.iri != r.iri:
                    types = pairs.setdefault((a.iri, r.iri), [])
                    if label not in types:
                        types.append(label)
    head = (f'<svg class="actor-graph" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Actors and recipients of the events">')
    if not nodes:
        return (head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#59636e">'
                "no actors</text></svg>")
    nodes = _circle_order(nodes, pairs)
    cx, cy, radius, r = width / 2, height / 2, min(width, height) / 2 - 80, 15
    by_iri = {e.iri: e for e in nodes}
    pos: dict[Node, tuple[float, float, float, float]] = {}  # x, y, cos, sin of the node's angle
    for i, e in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
        if len(nodes) == 1:
            pos[e.iri] = (cx, cy, 0.0, 1.0)
        else:
            c, s = math.cos(angle), math.sin(angle)
            pos[e.iri] = (cx + radius * c, cy + radius * s, c, s)

    boxes: list[tuple[float, float, float, float]] = []  # what labels must not cover: x0, y0, x1, y1

    def box(x: float, top: float, w: float, h: float, anchor: str) -> tuple[float, float, float, float]:
        x0 = x if anchor == "start" else (x - w if anchor == "end" else x - w / 2)
        return (x0, top, x0 + w, top + h)

    def inside(x: float, w: float, anchor: str) -> float:
        """``x`` moved so a label of width ``w`` stays within the picture."""
        x0 = x if anchor == "start" else (x - w if anchor == "end" else x - w / 2)
        return x + max(0.0, 4 - x0) - max(0.0, x0 + w - (width - 4))

    def free(b: tuple[float, float, float, float]) -> bool:
        return all(b[2] + 2 < o[0] or o[2] + 2 < b[0] or b[3] + 1 < o[1] or o[3] + 1 < b[1] for o in boxes)

    node_parts = []
    for e in nodes:
        x, y, c, s = pos[e.iri]
        boxes.append((x - r - 2, y - r - 2, x + r + 2, y + r + 2))
        fill, stroke = COLOURS.get(e.type, COLOURS["Entity"])
        lx, ly = x + c * (r + 8), y + s * (r + 8) + (4 if abs(s) < 0.5 else (12 if s > 0 else -4))
        anchor = "start" if c > 0.35 else ("end" if c < -0.35 else "middle")
        room = {"start": width - 4 - lx, "end": lx - 4}.get(anchor, 2 * min(lx - 4, width - 4 - lx))
        name = _short(e.label, max(8, min(26, int(room / 7.2))))  # the full name is in the tooltip
        lx = inside(lx, len(name) * 7.2, anchor)
        boxes.append(box(lx, ly - 11, len(name) * 7.2, 14, anchor))
        own = solo.get(e.iri, [])
        tip = e.tooltip + (f"; without recipient: {', '.join(own)}" if own else "")
        part = (f'<g class="node" data-type="{esc(e.type)}"><title>{esc(tip)}</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{esc(name)}</text>')
        if own:
            counted = _short(", ".join(f"{t} \u00d7{own.count(t)}" if own.count(t) > 1 else t
                                       for t in dict.fromkeys(own)), 34)
            sy, sx = ly + (14 if s >= -0.5 else -14), inside(lx, len(counted) * 6.2, anchor)
            boxes.append(box(sx, sy - 10, len(counted) * 6.2, 13, anchor))
            part += f'<text class="solo" x="{sx:.1f}" y="{sy:.1f}" text-anchor="{anchor}">{esc(counted)}</text>'
        node_parts.append(part + "</g>")

    def toward(px: float, py: float, tx: float, ty: float, d: float) -> tuple[float, float]:
        n = math.hypot(tx - px, ty - py) or 1.0
        return px + (tx - px) / n * d, py + (ty - py) / n * d

    edge_parts = []
    for (a, b), types in pairs.items():
        (x1, y1, _, _), (x2, y2, _, _) = pos[a], pos[b]
        dist = math.hypot(x2 - x1, y2 - y1) or 1.0
        nx, ny = -(y2 - y1) / dist, (x2 - x1) / dist  # the normal: A->B and B->A bend to opposite sides
        qx, qy = (x1 + x2) / 2 + nx * dist * 0.2, (y1 + y2) / 2 + ny * dist * 0.2
        sx, sy = toward(x1, y1, qx, qy, r + 2)
        ex, ey = toward(x2, y2, qx, qy, r + 3)
        ux, uy = toward(0, 0, ex - qx, ey - qy, 1)
        tip = (f"{ex:.1f},{ey:.1f} {ex - ux * 10 - uy * 5:.1f},{ey - uy * 10 + ux * 5:.1f} "
               f"{ex - ux * 10 + uy * 5:.1f},{ey - uy * 10 - ux * 5:.1f}")
        lines = types if len(types) <= 4 else [*types[:3], f"+{len(types) - 3} more"]
        lines = [_short(t, 24) for t in lines]
        w, h = max(len(t) for t in lines) * 7.4, 13 * len(lines)
        anchor = "start" if nx > 0.4 else ("end" if nx < -0.4 else "middle")
        mx, my = 0.25 * sx + 0.5 * qx + 0.25 * ex, 0.25 * sy + 0.5 * qy + 0.25 * ey
        for step in range(16):  # outward along the normal, then inward, until the label is free
            off = 6 + 5 * step if step < 10 else -5 * (step - 9)
            lx, top = inside(mx + nx * off, w, anchor), my + ny * off - h / 2
            if free(placed := box(lx, top, w, h, anchor)):
                break
        else:
            lx, top = inside(mx + nx * 6, w, anchor), my + ny * 6 - h / 2
            placed = box(lx, top, w, h, anchor)
        boxes.append(placed)
        spans = "".join(f'<tspan x="{lx:.1f}" y="{top + 10 + 13 * i:.1f}">{esc(t)}</tspan>'
                        for i, t in enumerate(lines))
        edge_parts.append(
            f'<g class="edge" data-event-types="{esc(" ".join(t.replace(" ", "-") for t in types))}">'
            f"<title>{esc(by_iri[a].label)} \u2192 {esc(by_iri[b].label)}: {esc(', '.join(types))}</title>"
            f'<path d="M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}"/>'
            f'<polygon points="{tip}"/><text text-anchor="{anchor}">{spans}</text></g>')
    return "".join([head, "<title>Actors and recipients</title>", *edge_parts, *node_parts, "</svg>"])
