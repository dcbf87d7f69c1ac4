"""Releases as they are published: PDF, web pages, feeds, e-mail, mixed folders."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from email.message import EmailMessage

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SEEDS
from pdfmaker import image_only_pdf, make_pdf, seed_layout_pdf
from searcher import Index, parse_file
from searcher.cli import cli
from searcher.parse import parse_path

BODY_1 = ("Die Stadtverwaltung Musterstadt hat heute den Ausbau des Straßenbahnnetzes im Norden der Stadt "
          "beschlossen. Die neue Strecke verbindet das Wohngebiet Auenpark mit dem Hauptbahnhof und soll im "
          "Herbst 2026 in Betrieb gehen.")
BODY_2 = ("Oberbürgermeisterin Erika Beispiel sagte: „Mit der neuen Linie kommen die Menschen im Norden "
          "schneller zur Arbeit und zur Schule.“ Die Kosten von 48 Millionen Euro tragen Land und Stadt gemeinsam.")
SIDEBAR = [
    ("sidebold", "Ihr Ansprechpartner"), ("side", "Max Muster"), ("gap", "6"),
    ("sidebold", "Durchwahl"), ("side", "Telefon +49 351 488 2201"), ("gap", "6"),
    ("side", "presse@musterstadt.example"), ("gap", "6"),
    ("side", "12.03.2025"), ("gap", "220"),
    ("sidebold", "Hausanschrift:"), ("side", "Stadtverwaltung Musterstadt\nRathausplatz 1\n01067 Musterstadt"),
    ("gap", "8"), ("side", "Zu erreichen mit den Straßenbahnlinien 4, 9 und 12, Haltestelle Rathausplatz."),
    ("gap", "8"), ("side", "Parkhaus am Rathausplatz, Einfahrt Wallgässchen"),
]
SIDEBAR_WORDS = ("Rathausplatz", "Straßenbahnlinien 4", "Haltestelle", "Wallgässchen", "01067", "488 2201", "Hausanschrift")


def letterhead_pdf() -> bytes:
    return make_pdf(
        [("h1", "Medieninformation"), ("plain", "Stadtverwaltung Musterstadt"), ("gap", 18),
         ("h1", "Neue Straßenbahnlinie in den Norden beschlossen"),
         ("bold", "Bürgermeisterin: ein Meilenstein für den Nahverkehr"),
         ("plain", BODY_1), ("plain", BODY_2)],
        sidebar=SIDEBAR,
    )


def two_page_pdf() -> bytes:
    filler = " ".join(f"Im Abschnitt {n} werden Gleise, Haltestellen und Ampeln erneuert, damit der Verkehr "
                      f"fließt." for n in range(1, 45))
    return make_pdf(
        [("h1", "Bauarbeiten am Albertplatz dauern bis Oktober"), ("plain", "Dresden, 02.05.2025 – " + filler),
         ("plain", "Die Verkehrsbetriebe bitten um Verständnis für die Einschränkungen.")],
        header="Landeshauptstadt Dresden · Amt für Presse- und Öffentlichkeitsarbeit",
        footer="Seite {page} von {pages} · Dr.-Külz-Ring 19 · 01067 Dresden",
    )


def table_pdf() -> bytes:
    return make_pdf(
        [("h1", "Unfallstatistik 2024 vorgestellt"), ("plain", "Polizeidirektion Leipzig, 14.01.2025 – Die Zahl "
                                                              "der Verkehrsunfälle ist im vergangenen Jahr gesunken."),
         ("table", [["Jahr", "Unfälle", "Verletzte"], ["2023", "14.210", "2.105"], ["2024", "13.877", "1.982"]]),
         ("plain", "Besonders erfreulich ist der Rückgang bei den Schulwegunfällen.")],
    )


# --- PDF ---------------------------------------------------------------------

def test_letterhead_sidebar_stays_out_of_the_body(tmp_path):
    p = tmp_path / "pm.pdf"
    p.write_bytes(letterhead_pdf())
    r = parse_file(p)
    assert r.title == "Neue Straßenbahnlinie in den Norden beschlossen"
    assert r.subtitle == "Bürgermeisterin: ein Meilenstein für den Nahverkehr"
    assert r.issuer == "Stadtverwaltung Musterstadt"
    assert r.date == dt.date(2025, 3, 12)
    assert r.body == BODY_1 + "\n\n" + BODY_2
    for word in SIDEBAR_WORDS:
        assert word not in r.body and word not in r.title
    # the sidebar's contact block is still read as the press contact
    assert [(c.name, c.phone, c.email) for c in r.contacts] == [("Max Muster", "+49 351 488 2201", "presse@musterstadt.example")]
    assert r.persons_quoted == ("Erika Beispiel",)


def test_running_header_footer_and_page_numbers_are_dropped_and_pages_join(tmp_path):
    p = tmp_path / "bau.pdf"
    p.write_bytes(two_page_pdf())
    r = parse_file(p)
    assert r.title == "Bauarbeiten am Albertplatz dauern bis Oktober"
    assert r.date == dt.date(2025, 5, 2) and r.location == "Dresden"
    for junk in ("Seite", "Külz-Ring", "Amt für Presse", "Landeshauptstadt"):
        assert junk not in r.body
    # the long paragraph runs over the page break as one paragraph
    paras = r.body.split("\n\n")
    assert len(paras) == 2 and "Im Abschnitt 44 werden" in paras[0]
    assert "fließt. Im Abschnitt" in paras[0]


def test_words_hyphenated_across_lines_and_pages_are_joined():
    from searcher.formats.pdf import read_pdf
    from searcher.parse.documents import parse_document

    # a narrow column forces line breaks inside long compounds written with a hyphen at the break
    lines = [("plain", "Die Fachkräfte-"), ("gap", -13.65), ("plain", "sicherung bleibt ein Schwerpunkt der Landes-"),
             ("gap", -13.65), ("plain", "und Kommunalpolitik im IQ-"), ("gap", -13.65), ("plain", "Netzwerk Sachsen.")]
    doc = read_pdf(make_pdf([("h1", "Fachkräfte"), ("plain", "Einleitung ohne Datum.")] + lines))
    r = parse_document(doc, "x.pdf", id="x.pdf")
    assert "Die Fachkräftesicherung bleibt ein Schwerpunkt der Landes- und Kommunalpolitik im IQ-Netzwerk Sachsen." in r.body


def test_tables_keep_their_rows(tmp_path):
    p = tmp_path / "statistik.pdf"
    p.write_bytes(table_pdf())
    r = parse_file(p)
    assert r.title == "Unfallstatistik 2024 vorgestellt"
    assert r.issuer is None or "Polizei" in r.issuer
    assert r.date == dt.date(2025, 1, 14)
    assert "Jahr | Unfälle | Verletzte\n\n2023 | 14.210 | 2.105\n\n2024 | 13.877 | 1.982" in r.body
    assert r.body.endswith("Rückgang bei den Schulwegunfällen.")


SEED_LAYOUTS = {
    # blocks (blank-line paragraphs of the .txt) that the original had in its sidebar
    "000_97013a9233346326.txt": dict(sidebar_top=[2, 3, 4, 5], sidebar_bottom=[11, 12, 13, 14]),
    "003_c79be066c681028f.txt": dict(sidebar_top=[2, 3, 4, 5], sidebar_bottom=[12, 13, 14], headings=[0, 6],
                                     continued=[15]),
}


@pytest.mark.parametrize("name", sorted(SEED_LAYOUTS))
def test_seed_laid_out_as_pdf_equals_the_txt_seed(tmp_path, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    pdf = tmp_path / name.replace(".txt", ".pdf")
    pdf.write_bytes(seed_layout_pdf(text, **SEED_LAYOUTS[name]))
    from_pdf, from_txt = parse_file(pdf), parse_file(SEEDS / name)
    for f in dataclasses.fields(from_txt):
        if f.name not in ("id", "source"):
            assert getattr(from_pdf, f.name) == getattr(from_txt, f.name), f.name
    assert "Straßenbahnlinien" not in from_pdf.body and "Hausanschrift" not in from_pdf.body


def test_bad_pdfs_fail_alone_with_a_reason(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gut.pdf").write_bytes(letterhead_pdf())
    (docs / "verschluesselt.pdf").write_bytes(make_pdf([("h1", "Geheim"), ("plain", BODY_1)], encrypt="geheim"))
    (docs / "scan.pdf").write_bytes(image_only_pdf())
    (docs / "kaputt.pdf").write_bytes(letterhead_pdf()[:900])
    (docs / "falsch.pdf").write_bytes(b"<html>Fehlerseite</html>")
    report = Index(tmp_path / "idx").sync(docs)
    assert report.added == 1 and report.total == 1
    why = {f.source.rsplit("/", 1)[1]: f.error for f in report.failures}
    assert why["verschluesselt.pdf"].startswith("encrypted PDF (needs a password)")
    assert why["scan.pdf"].startswith("PDF has no text layer (a scanned image?); run OCR")
    assert why["kaputt.pdf"].startswith("broken PDF (")
    assert why["falsch.pdf"].startswith("not a PDF (no %PDF header)")


# --- web pages ---------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Neue Kita im Ortsteil Nord eröffnet | Stadt Musterstadt</title>
<link rel="canonical" href="https://www.musterstadt.example/presse/kita-nord">
<meta property="og:title" content="Neue Kita im Ortsteil Nord eröffnet">
<meta property="og:site_name" content="Stadtverwaltung Musterstadt">
<meta property="article:published_time" content="2025-05-03T10:00:00+02:00">
</head><body>
<div class="cookie-banner">Diese Website verwendet Cookies. <button>Alle akzeptieren</button></div>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/rathaus">Rathaus &amp; Politik</a></li>
<li><a href="/presse">Pressemitteilungen</a></li></ul></nav></header>
<main><article><h1>Neue Kita im Ortsteil Nord eröffnet</h1>
<p>Musterstadt, 03.05.2025 – Die Stadt hat heute im Ortsteil Nord eine neue Kindertagesstätte mit 120 Plätzen
eröffnet. Das Gebäude wurde in Holzbauweise errichtet und erfüllt den Passivhausstandard.</p>
<p>Oberbürgermeisterin Erika Beispiel sagte: „Das ist ein großer Tag für die Familien im Norden unserer Stadt.“
Der Bau hat zwei Jahre gedauert und sechs Millionen Euro gekostet.</p>
<p>Die Kita wird von einem freien Träger betrieben und bietet Ganztagsbetreuung von 6 bis 18 Uhr an.</p>
</article>
<aside class="teaser"><h2>Das könnte Sie auch interessieren</h2><ul><li><a href="/x">Stadtrat tagt am Donnerstag</a></li>
<li><a href="/y">Sperrmüll: neue Termine</a></li></ul></aside></main>
<footer><p>Impressum · Datenschutz · Barrierefreiheit</p><p>© Stadtverwaltung Musterstadt</p></footer>
</body></html>"""


def test_web_page_main_text_without_boilerplate_and_its_metadata(tmp_path):
    p = tmp_path / "kita.html"
    p.write_text(PAGE, encoding="utf-8")
    r = parse_file(p)
    assert r.title == "Neue Kita im Ortsteil Nord eröffnet"
    assert r.date == dt.date(2025, 5, 3)
    assert r.url == "https://www.musterstadt.example/presse/kita-nord"
    assert r.issuer == "Stadtverwaltung Musterstadt"
    assert r.location == "Musterstadt"
    assert r.body.startswith("Musterstadt, 03.05.2025 – Die Stadt hat heute")
    assert r.body.endswith("Ganztagsbetreuung von 6 bis 18 Uhr an.")
    for junk in ("Cookies", "Startseite", "Rathaus & Politik", "Stadtrat tagt", "Sperrmüll", "Impressum", "©"):
        assert junk not in r.body
    assert r.persons_quoted == ("Erika Beispiel",)


def test_web_page_without_main_text_fails_with_a_reason(tmp_path):
    p = tmp_path / "leer.htm"
    p.write_text("<html><head><title>Presse</title></head><body><nav><a href='/'>Start</a></nav></body></html>")
    (failure,) = parse_path(p)
    assert failure.error.startswith("no main text found in the web page")



def test_web_page_with_json_ld_nested_thousands_deep_is_read_from_its_text(tmp_path):
    """Hostile JSON-LD (arrays nested far past Python's recursion limit) is passed
    by; the page's own text still makes the release."""
    deep = "[" * 50_000 + "]" * 50_000
    p = tmp_path / "tief.html"
    p.write_text(PAGE.replace("</head>", f'<script type="application/ld+json">{deep}</script></head>', 1),
                 encoding="utf-8")
    r = parse_file(p)
    assert r.title == "Neue Kita im Ortsteil Nord eröffnet"
    assert r.body.endswith("Ganztagsbetreuung von 6 bis 18 Uhr an.")

# --- feeds -------------------------------------------------------------------

def _item(n: int, day: int) -> str:
    return (f"<item><title>Meldung {n}: Einbruch in Gartenlaube</title><link>https://polizei.example/pm/{n}</link>"
            f"<guid>pm-{n}</guid><pubDate>{['Fri', 'Sat', 'Sun', 'Mon'][day % 4]}, 0{day} May 2025 10:00:00 +0200</pubDate>"
            f"<description><![CDATA[<p>Ereignisort: Dresden-Pieschen</p><p>Unbekannte sind in der Nacht zum "
            f"{day}. Mai in eine Gartenlaube eingebrochen und haben Werkzeug im Wert von {n}00 Euro gestohlen.</p>]]>"
            f"</description></item>")


def _rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Polizeidirektion Dresden</title>'
            '<link>https://polizei.example/</link><description>Medieninformationen</description>'
            + "".join(items) + "</channel></rss>")


def test_feed_items_are_releases(tmp_path):
    p = tmp_path / "polizei.rss"
    p.write_text(_rss(_item(1, 2), _item(2, 3)), encoding="utf-8")
    first, second = parse_file(p)
    assert (first.id, first.url) == ("https://polizei.example/pm/1", "https://polizei.example/pm/1")
    assert first.title == "Meldung 1: Einbruch in Gartenlaube"
    assert first.date == dt.date(2025, 5, 2) and second.date == dt.date(2025, 5, 3)
    assert first.issuer == "Polizeidirektion Dresden"
    assert first.location == "Dresden-Pieschen"
    assert first.subtitle == "" and "Werkzeug im Wert von 100 Euro" in first.body


def test_atom_feed(tmp_path):
    p = tmp_path / "land.atom"
    p.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Aktuelles</title>'
        '<id>urn:x</id><updated>2025-05-04T08:00:00Z</updated>'
        '<entry><title>Förderprogramm verlängert</title><link href="https://land.example/pm/7"/><id>urn:pm:7</id>'
        '<updated>2025-05-04T08:00:00Z</updated><content type="html">&lt;p&gt;Das Förderprogramm für Vereine '
        'wird bis 2027 verlängert.&lt;/p&gt;</content></entry></feed>', encoding="utf-8")
    (r,) = parse_file(p)
    assert (r.id, r.title, r.date) == ("https://land.example/pm/7", "Förderprogramm verlängert", dt.date(2025, 5, 4))
    assert r.body == "Das Förderprogramm für Vereine wird bis 2027 verlängert."
    assert r.issuer is None  # "Aktuelles" names no organisation


def test_a_grown_feed_adds_only_new_items_and_a_removed_item_goes(tmp_path):
    p = tmp_path / "polizei.rss"
    p.write_text(_rss(_item(1, 2), _item(2, 3)), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    assert ix.sync(tmp_path).added == 2
    p.write_text(_rss(_item(3, 4), _item(1, 2), _item(2, 3)), encoding="utf-8")
    report = ix.sync(tmp_path)
    assert (report.added, report.updated, report.unchanged, report.removed, report.total) == (1, 0, 2, 0, 3)
    p.write_text(_rss(_item(3, 4), _item(2, 3)), encoding="utf-8")
    report = ix.sync(tmp_path)
    assert (report.added, report.removed, report.total) == (0, 1, 2)
    assert ix.search("Gartenlaube", limit=10).total == 2


@pytest.mark.parametrize("content, reason", [
    ("<rss><channel><title>x</title><item><title>kaputt", "malformed feed ("),
    ('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', "not an RSS or Atom feed"),
])
def test_malformed_feeds_fail_alone(tmp_path, content, reason):
    (tmp_path / "gut.rss").write_text(_rss(_item(1, 2)), encoding="utf-8")
    (tmp_path / "schlecht.xml").write_text(content, encoding="utf-8")
    report = Index(tmp_path / "idx").sync(tmp_path)
    assert report.added == 1
    assert any(f.source.endswith("schlecht.xml") and f.error.startswith(reason) for f in report.failures)
    assert all("schlecht.xml" in f.source for f in report.failures)


# --- e-mail ------------------------------------------------------------------

def _mail(subject: str, body: str, *, sender="Sächsisches Staatsministerium für Kultus <presse@smk.example>",
          date="Mon, 05 May 2025 09:30:00 +0200", msgid="<1@smk.example>", html=None, pdf=None) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Date"], m["Message-ID"] = sender, "redaktion@example.org", subject, date, msgid
    m.set_content(body)
    if html:
        m.add_alternative(html, subtype="html")
    if pdf:
        m.add_attachment(pdf, maintype="application", subtype="pdf", filename="pm.pdf")
    return m


LEHRER = ("Dresden, 05.05.2025 – Zum neuen Schuljahr stellt der Freistaat 1.200 neue Lehrkräfte ein. "
          "Kultusminister Conrad Clemens sagte: „Wir investieren in die Zukunft unserer Kinder.“\n\n"
          "Die Einstellungen verteilen sich auf alle Schularten und Regionen.\n")


def test_mail_subject_sender_date_and_body(tmp_path):
    p = tmp_path / "lehrer.eml"
    p.write_bytes(bytes(_mail("Neue Lehrkräfte für Sachsens Schulen", LEHRER)))
    r = parse_file(p)
    assert r.title == "Neue Lehrkräfte für Sachsens Schulen"
    assert r.issuer == "Sächsisches Staatsministerium für Kultus"
    assert r.date == dt.date(2025, 5, 5) and r.location == "Dresden"
    assert r.body == LEHRER.strip() and r.persons_quoted == ("Conrad Clemens",)


def test_html_only_mail_and_a_person_as_sender(tmp_path):
    m = EmailMessage()
    m["From"], m["Subject"], m["Date"] = "Max Muster <max@example.org>", "Sommerfest im Rathaus", "Tue, 06 May 2025 12:00:00 +0000"
    m.set_content("<html><body><p>Am Samstag lädt das Rathaus zum Sommerfest.</p><p>Der Eintritt ist frei.</p></body></html>",
                  subtype="html")
    p = tmp_path / "fest.eml"
    p.write_bytes(bytes(m))
    r = parse_file(p)
    assert (r.title, r.date, r.issuer) == ("Sommerfest im Rathaus", dt.date(2025, 5, 6), None)
    assert r.body == "Am Samstag lädt das Rathaus zum Sommerfest.\n\nDer Eintritt ist frei."
    assert "no issuer found" in r.warnings


def test_mail_with_a_pdf_release_attached(tmp_path):
    p = tmp_path / "anhang.eml"
    p.write_bytes(bytes(_mail("PM: Straßenbahn", "Sehr geehrte Damen und Herren,\nanbei unsere Pressemitteilung.\n",
                              sender="Stadtverwaltung Musterstadt <presse@musterstadt.example>", pdf=letterhead_pdf())))
    r = parse_file(p)
    assert r.title == "Neue Straßenbahnlinie in den Norden beschlossen"
    assert r.date == dt.date(2025, 3, 12)  # the letterhead's date, not the mail's
    assert r.body == BODY_1 + "\n\n" + BODY_2


def test_a_grown_mailbox_adds_only_new_messages(tmp_path):
    def mbox(*mails):
        return b"".join(b"From presse@smk.example Mon May  5 09:30:00 2025\n" + bytes(m) + b"\n" for m in mails)

    a = _mail("Neue Lehrkräfte", LEHRER, msgid="<a@smk.example>")
    b = _mail("Ganztagsangebote ausgebaut", "Leipzig, 06.05.2025 – Die Ganztagsangebote werden ausgebaut.\n",
              msgid="<b@smk.example>", date="Tue, 06 May 2025 09:30:00 +0200")
    p = tmp_path / "presse.mbox"
    p.write_bytes(mbox(a))
    ix = Index(tmp_path / "idx")
    assert ix.sync(tmp_path).added == 1
    p.write_bytes(mbox(a, b))
    report = ix.sync(tmp_path)
    assert (report.added, report.unchanged, report.total) == (1, 1, 2)
    hit = ix.search("Ganztagsangebote").hits[0]
    assert (hit.id, hit.location) == ("b@smk.example", "Leipzig")


def test_malformed_mails_fail_alone(tmp_path):
    (tmp_path / "gut.eml").write_bytes(bytes(_mail("Neue Lehrkräfte", LEHRER)))
    (tmp_path / "leer.eml").write_bytes(b"Subject: nichts\nFrom: a@b.example\n\n")
    (tmp_path / "kein.eml").write_bytes("Nur ein Text ohne Kopfzeilen, keine E-Mail.".encode("utf-8"))
    report = Index(tmp_path / "idx").sync(tmp_path)
    assert report.added == 1
    why = {f.source.rsplit("/", 1)[1]: f.error for f in report.failures}
    assert why["leer.eml"].startswith("e-mail has no text body and no readable PDF attachment")
    assert why["kein.eml"].startswith("not an e-mail (no header lines)")


# --- a month of mixed downloads ----------------------------------------------

@pytest.fixture
def mixed(tmp_path):
    docs = tmp_path / "mai"
    docs.mkdir()
    shutil.copy(SEEDS / "000_97013a9233346326.txt", docs)
    (docs / "strassenbahn.pdf").write_bytes(letterhead_pdf())
    (docs / "kita.html").write_text(PAGE, encoding="utf-8")
    (docs / "polizei.rss").write_text(_rss(_item(1, 2), _item(2, 3)), encoding="utf-8")
    (docs / "lehrer.eml").write_bytes(bytes(_mail("Neue Lehrkräfte für Sachsens Schulen", LEHRER)))
    (docs / "protokoll.docx").write_bytes(b"PK\x03\x04 kein Text")
    return docs


def test_a_mixed_folder_indexes_every_release_once(tmp_path, mixed):
    runner = CliRunner()
    idx = tmp_path / "idx"
    result = runner.invoke(cli, ["index", str(mixed), "--index", str(idx), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["added"], report["total"]) == (6, 6)
    (failure,) = report["failures"]
    assert failure["source"].endswith("protokoll.docx")
    assert failure["error"].startswith("unsupported file type .docx: save it as PDF, HTML or text to index it")
    again = json.loads(runner.invoke(cli, ["index", str(mixed), "--index", str(idx), "--json"]).output)
    assert (again["added"], again["updated"], again["unchanged"], again["total"]) == (0, 0, 6, 6)


@pytest.mark.parametrize("name, title", [
    ("strassenbahn.pdf", "Neue Straßenbahnlinie in den Norden beschlossen"),
    ("kita.html", "Neue Kita im Ortsteil Nord eröffnet"),
    ("polizei.rss", "Meldung 1: Einbruch in Gartenlaube"),
    ("lehrer.eml", "Neue Lehrkräfte für Sachsens Schulen"),
])
def test_parse_json_shows_the_fields_of_each_type(mixed, name, title):
    result = CliRunner().invoke(cli, ["parse", str(mixed / name), "--json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output.splitlines()[0])
    assert first["title"] == title
    assert {"issuer", "date", "url", "location", "body", "warnings"} <= set(first)


def test_location_filter_facet_and_hits(tmp_path, mixed):
    runner = CliRunner()
    idx = tmp_path / "idx"
    runner.invoke(cli, ["index", str(mixed), "--index", str(idx)])
    out = runner.invoke(cli, ["search", "--location", "pieschen", "--index", str(idx), "--json", "--facets"])
    data = json.loads(out.output)
    assert data["total"] == 2
    assert {h["location"] for h in data["hits"]} == {"Dresden-Pieschen"}
    assert {h["url"] for h in data["hits"]} == {"https://polizei.example/pm/1", "https://polizei.example/pm/2"}
    assert data["facets"]["location"] == {"Dresden-Pieschen": 2}
    text = runner.invoke(cli, ["search", "Kita", "--index", str(idx)]).output
    assert "2025-05-03 · Stadtverwaltung Musterstadt · Musterstadt" in text
    assert "id: kita.html · https://www.musterstadt.example/presse/kita-nord" in text
    with Index(idx) as ix:
        assert ix.search(location=["Dresden", "Musterstadt"]).total == 4  # Dresden, Dresden-Pieschen ×2, Musterstadt
        assert ix.search("Lehrkräfte", location="Leipzig").total == 0


def test_parse_warnings_reach_the_index_summary(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ohne_datum.txt").write_text("Pressemitteilung\n\nNeue Radwege\n\nDie Stadt baut neue Radwege.\n",
                                         encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["index", str(docs), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0
    assert f"warning: {docs / 'ohne_datum.txt'}: no date found" in result.output
    assert "1 added, 0 updated, 0 unchanged, 0 removed, 0 failed, 1 with warnings;" in result.output
    (docs / "ohne_datum.txt").write_text("Pressemitteilung\n\nNeue Radwege\n\nDie Stadt baut viele neue Radwege.\n",
                                         encoding="utf-8")
    data = json.loads(runner.invoke(cli, ["index", str(docs), "--index", str(tmp_path / "idx"), "--json"]).output)
    assert data["warned"] == 1
    assert {(w["id"], w["warning"]) for w in data["warnings"]} == {("ohne_datum.txt", "no date found"),
                                                                   ("ohne_datum.txt", "no issuer found")}


def test_header_line_gives_issuer_date_and_place():
    from searcher import parse_text

    r = parse_text("**Staatsministerium für Kultus** · Dresden, 02.05.2025\n\n# Neue Lehrpläne\n\n"
                   "Das Kultusministerium hat heute neue Lehrpläne vorgestellt.\n")
    assert (r.issuer, r.date, r.location, r.title) == ("Staatsministerium für Kultus", dt.date(2025, 5, 2), "Dresden",
                                                       "Neue Lehrpläne")
    assert r.warnings == ()


# --- an index written before the location field -----------------------------

def test_an_index_from_before_the_location_field_opens_searches_and_grows(tmp_path):
    idx = tmp_path / "idx"
    shutil.copytree(FIXTURES / "index_before_location", idx, symlinks=True)
    with Index.open(idx) as ix:
        assert ix.check().ok
        assert ix.search("Integration").total == 2
        assert ix.search(location="Dresden").total == 0
        assert ix.search("Integration", facets=True).facets["location"] == {}
    docs = tmp_path / "neu"
    docs.mkdir()
    (docs / "lehrer.eml").write_bytes(bytes(_mail("Neue Lehrkräfte für Sachsens Schulen", LEHRER)))
    with Index(idx) as ix:
        report = ix.sync(docs)
        assert (report.added, report.total) == (1, 3)
        assert ix.search("Integration").total == 2
        assert [h.id for h in ix.search(location="Dresden").hits] == ["lehrer.eml"]
        assert ix.check().ok


def test_web_page_without_article_markup_and_in_windows_1252(tmp_path):
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
            "<title>Pressemitteilung | Landratsamt Musterkreis</title></head><body>"
            "<div id='top'><ul class='main-menu'><li><a href='/'>Start</a></li><li><a href='/b'>Bürgerservice</a></li></ul></div>"
            "<div class='layout'><div class='col-left'><ul><li><a href='/p1'>Weitere Meldung: Kreistag tagt</a></li>"
            "<li><a href='/p2'>Weitere Meldung: Müllabfuhr</a></li></ul></div>"
            "<div class='col-main'><h2>Grünfläche am Schlossteich wird saniert</h2>"
            "<p>Musterhausen, 07.04.2025 – Der Landkreis saniert ab Mai die Grünfläche am Schlossteich. "
            "Die Arbeiten dauern bis zum Herbst.</p><p>Die Wege bleiben während der Bauzeit größtenteils offen.</p>"
            "</div></div><div class='cookie-hint'>Wir nutzen Cookies. OK</div></body></html>")
    p = tmp_path / "gruen.htm"
    p.write_bytes(page.encode("cp1252"))
    r = parse_file(p)
    assert r.title == "Grünfläche am Schlossteich wird saniert"
    assert (r.date, r.location) == (dt.date(2025, 4, 7), "Musterhausen")
    assert r.body.endswith("Die Wege bleiben während der Bauzeit größtenteils offen.")
    for junk in ("Start", "Bürgerservice", "Kreistag", "Müllabfuhr", "Cookies"):
        assert junk not in r.body


def test_an_index_and_a_saved_pages_assets_inside_the_folder_are_passed_by(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "kita.html").write_text(PAGE, encoding="utf-8")
    (docs / "kita_files").mkdir()
    (docs / "kita_files" / "style.css").write_text("body {}")
    (docs / "kita_files" / "logo.png").write_bytes(b"\x89PNG")
    (docs / "notizen.odt").write_bytes(b"PK")
    report = Index(docs / "index").sync(docs)
    assert report.added == 1
    assert [f.source.rsplit("/", 1)[1] for f in report.failures] == ["notizen.odt"]
    again = Index(docs / "index").sync(docs)
    assert (again.unchanged, [f.source.rsplit("/", 1)[1] for f in again.failures]) == (1, ["notizen.odt"])


def test_a_page_set_in_two_columns_is_read_column_after_column(tmp_path):
    paras = [f"Absatz {n}: " + " ".join(f"Satz {n}.{k} über die Sanierung der Brücke am Fluss." for k in range(12))
             for n in range(1, 9)]
    p = tmp_path / "bruecke.pdf"
    p.write_bytes(make_pdf([("h1", "Brücke wird saniert")] + [("plain", t) for t in paras], columns=2,
                           footer="Seite {page} von {pages}"))
    r = parse_file(p)
    assert r.title == "Brücke wird saniert"
    assert r.body.split("\n\n") == paras  # nothing taken for a sidebar, paragraphs whole across column breaks


def test_page_numbers_alone_at_the_foot_are_dropped(tmp_path):
    text = " ".join(f"Satz {k} des Jahresberichts der Stadtwerke mit vielen Zahlen." for k in range(160))
    for footer in ("{page}", "– {page} –", "{roman}"):
        p = tmp_path / "bericht.pdf"
        p.write_bytes(make_pdf([("h1", "Jahresbericht"), ("plain", text)], footer=footer))
        r = parse_file(p)
        assert r.body == text, footer


def test_small_print_at_the_foot_of_a_one_page_release_is_dropped(tmp_path):
    p = tmp_path / "kurz.pdf"
    p.write_bytes(make_pdf([("h1", "Neue Öffnungszeiten im Bürgeramt"), ("plain", BODY_1)],
                           footer="Bankverbindung: Sparkasse Musterstadt · IBAN DE12 3456 7890 1234 5678 90"))
    r = parse_file(p)
    assert r.body == BODY_1


def test_an_ereignisort_line_is_the_location_and_stays_searchable_in_the_body():
    from searcher import parse_text

    for text in ("Polizeimeldung vom 03.05.2025\n\nEreignisort: Neukölln\n\nFahrraddiebe gefasst\n\nZwei Männer wurden festgenommen.",
                 "Polizeimeldung vom 03.05.2025\n\nFahrraddiebe gefasst\n\nEreignisort: Neukölln\n\nZwei Männer wurden festgenommen."):
        r = parse_text(text)
        assert (r.title, r.location, r.subtitle) == ("Fahrraddiebe gefasst", "Neukölln", "")
        assert r.body == "Ereignisort: Neukölln\n\nZwei Männer wurden festgenommen."
