"""Bar charts drawn on the server as SVG (no chart library in the browser).

Colours come from the stylesheet (classes), sizes from SVG attributes, so the
strict Content-Security-Policy (no inline styles) holds.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from .html import H, Markup, join

MONTHS_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MAX_MONTH_BARS = 36  # a longer span is drawn per year
_WIDTH, _HEIGHT, _LABEL = 640, 72, 18


def month_label(month: str) -> str:
    """``"2023-01"`` -> ``"Jan 2023"``."""
    year, m = month.split("-")
    return f"{MONTHS_DE[int(m) - 1]} {year}"


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_bars(months: dict[str, int]) -> tuple[str, list[tuple[str, str, int]]]:
    """("month"|"year", [(key, label, count), ...]) with empty months or years
    filled in; per year when the span is longer than MAX_MONTH_BARS months."""
    if not months:
        return "month", []
    keys = sorted(months)
    span = _month_range(keys[0], keys[-1])
    if len(span) <= MAX_MONTH_BARS:
        return "month", [(k, month_label(k), months.get(k, 0)) for k in span]
    years: dict[str, int] = {}
    for k, n in months.items():
        years[k[:4]] = years.get(k[:4], 0) + n
    first, last = int(min(years)), int(max(years))
    return "year", [(str(y), str(y), years.get(str(y), 0)) for y in range(first, last + 1)]


def timeline(months: dict[str, int], link: Callable[[str], str], what: str = "Treffer") -> Markup:
    """An SVG column chart of ``{"YYYY-MM": count}``; each column links to
    ``link(key)`` (key "YYYY-MM" or "YYYY"). Empty when there is nothing to draw."""
    unit, bars = timeline_bars(months)
    if not bars:
        return Markup("")
    top = max(n for _, _, n in bars) or 1
    step = _WIDTH / len(bars)
    gap = min(2.0, step * 0.2)
    every = max(1, round(len(bars) / 8))  # about eight axis labels
    parts = []
    for i, (key, label, n) in enumerate(bars):
        x = i * step
        h = 0 if n == 0 else max(2.0, (_HEIGHT - 4) * n / top)
        title = f"{label}: {n} {'Pressemitteilung' if n == 1 else 'Pressemitteilungen'}"
        rect = H(
            '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>',
            f"{x + gap / 2:.1f}", f"{_HEIGHT - h:.1f}", f"{step - gap:.1f}", f"{h:.1f}",
        )
        hover = H('<rect class="hover" x="{}" y="0" width="{}" height="{}"></rect>', f"{x:.1f}", f"{step:.1f}", _HEIGHT)
        if n:
            parts.append(H('<a href="{}" aria-label="{}"><title>{}</title>{}{}</a>', link(key), title, title, hover, rect))
        else:
            parts.append(H("<g><title>{}</title>{}</g>", title, rect))
        if i % every == 0:
            text = key if unit == "year" else (label if i == 0 or key.endswith("-01") else MONTHS_DE[int(key[5:7]) - 1])
            parts.append(H('<text class="axis" x="{}" y="{}">{}</text>', f"{x + 1:.1f}", _HEIGHT + 13, text))
    caption = f"{what} pro Monat" if unit == "month" else f"{what} pro Jahr"
    return H(
        '<figure class="timeline"><svg viewBox="0 0 {} {}" role="group" aria-label="{}">'
        '{}</svg><figcaption>{}</figcaption></figure>',
        _WIDTH, _HEIGHT + _LABEL, caption, join(parts), caption + " (Balken anklicken grenzt den Zeitraum ein)",
    )


def bar_rows(items: Iterable[tuple[str, int, Optional[str]]]) -> Markup:
    """A table of name, count and a bar (SVG) per row; names link where a URL is given."""
    items = list(items)
    if not items:
        return Markup("")
    top = max(n for _, n, _ in items) or 1
    rows = []
    for name, n, url in items:
        cell = H('<a href="{}">{}</a>', url, name) if url else H("{}", name)
        bar = H(
            '<svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
            '<rect class="bar" x="0" y="0" width="{}" height="10"></rect></svg>',
            f"{max(1.0, 100 * n / top):.1f}",
        )
        rows.append(H('<tr><th scope="row">{}</th><td class="num">{}</td><td class="barcell">{}</td></tr>', cell, f"{n:,}".replace(",", "."), bar))
    return H('<table class="bars"><tbody>{}</tbody></table>', join(rows))
