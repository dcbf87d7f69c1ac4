"""Speed of the PDF path beside the plain-text path.

Generates release PDFs with reportlab (the test suite's maker: a letterhead
with a sidebar, running footers, 1-3 pages each) and the same releases as
plain text, then times parsing each set (bytes -> Release), and one 20-page
PDF on its own.

    pip install -e '.[test]' && python bench/formats_speed.py [--pdfs 60] [--runs 3]

Prints PDFs/s and pages/s for the PDF path, releases/s for the text path and
the time to parse a 20-page PDF (median of the runs). Nothing is written to
the repository.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pdfmaker import make_pdf  # noqa: E402

from searcher.formats.pdf import page_count, read_pdf  # noqa: E402
from searcher.parse import parse_bytes  # noqa: E402
from searcher.parse.documents import parse_document  # noqa: E402

WORDS = ("Stadt Landkreis Verwaltung Förderung Schule Verkehr Straßenbahn Haltestelle Bürgerinnen Bürger Projekt "
         "Millionen Euro Bauarbeiten Sanierung Fachkräfte Integration Arbeitsmarkt Gesundheit Polizei Feuerwehr "
         "Einsatz Kreuzung Ministerin Minister erklärte betonte heute morgen gemeinsam neue zusätzliche wichtige").split()
SIDEBAR = [("side", "Ihr Ansprechpartner\nMax Muster"), ("side", "Durchwahl\nTelefon +49 351 1234 567"),
           ("side", "presse@example.org"), ("side", "02.05.2025"), ("gap", "200"),
           ("side", "Hausanschrift:\nMusterstraße 1\n01067 Dresden"), ("side", "Zu erreichen mit den Linien 3, 7, 8.")]


def release(rng: random.Random, paragraphs: int) -> tuple[str, list]:
    title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
    paras = []
    for _ in range(paragraphs):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + "."
                     for _ in range(rng.randint(3, 6))]
        paras.append(" ".join(sentences))
    text = "\n\n".join(["Medieninformation", "Stadtverwaltung Musterstadt", "Ihr Ansprechpartner\nMax Muster",
                        "Durchwahl\nTelefon +49 351 1234 567", "presse@example.org", "02.05.2025", title] + paras)
    blocks = [("h1", "Medieninformation"), ("plain", "Stadtverwaltung Musterstadt"), ("h1", title)]
    blocks += [("plain", p) for p in paras]
    return text, blocks


def timed(fn, items) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): on a shared machine the
    wall time also counts the other processes' turns, the CPU time does not."""
    t0, c0 = time.perf_counter(), time.process_time()
    for item in items:
        fn(item)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdfs", type=int, default=60, help="release PDFs to generate (default 60)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts, pdfs = [], []
    for n in range(args.pdfs):
        text, blocks = release(rng, rng.randint(4, 14))
        texts.append(text.encode("utf-8"))
        pdfs.append(make_pdf(blocks, sidebar=SIDEBAR, footer="Seite {page} von {pages} · Stadtverwaltung Musterstadt"))
    pages = sum(page_count(p) for p in pdfs)
    _, long_blocks = release(rng, 95)
    long_pdf = make_pdf(long_blocks, sidebar=SIDEBAR, footer="Seite {page} von {pages}")

    def pdf_path(data: bytes) -> None:
        parse_document(read_pdf(data, "x.pdf"), "x.pdf", id="x.pdf")

    def text_path(data: bytes) -> None:
        parse_bytes(data, "x.txt", id="x.txt")

    pdf_times = [timed(pdf_path, pdfs) for _ in range(args.runs)]
    text_times = [timed(text_path, texts) for _ in range(args.runs)]
    long_times = [timed(pdf_path, [long_pdf]) for _ in range(args.runs)]
    def med(times, k):
        return statistics.median(t[k] for t in times)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.pdfs} release PDFs, {pages} pages ({pages / args.pdfs:.1f} per PDF); median of {args.runs} runs; "
          f"{os.cpu_count()} cores, load average {load:.1f}")
    for k, what in ((0, "wall"), (1, "CPU ")):
        pdf_t, text_t, long_t = med(pdf_times, k), med(text_times, k), med(long_times, k)
        print(f"[{what}] PDF path (pdfminer + geometry + parse): {args.pdfs / pdf_t:7.1f} PDFs/s {pages / pdf_t:7.1f} pages/s"
              f" | text path (same releases as .txt): {args.pdfs / text_t:7.1f} releases/s"
              f" | one {page_count(long_pdf)}-page PDF: {long_t:.3f} s")


if __name__ == "__main__":
    main()
