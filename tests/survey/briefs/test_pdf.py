"""The PDF brief: privacy (no raw/unapproved text), hostile strings, empty/suppressed rounds,
"Foreløbig" marking, hovedpunkter and page count."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from survey.models import ReviewStatus

from .conftest import SAME_QUOTE, THEMELESS, likert, pdf_pages, pdf_text

RAW_SECRETS = [
    "Mette Kristiansen", "120385-1234", "Kongevejen 12", "anna.jensen@example.dk",
    "22 33 44 55", "Sagsnr. 2025-004512",
]
UNAPPROVED_MARKER = "UGODKENDTMARKOER7731"
APPROVED_QUOTE = "Ventetiden var alt for lang QQ4412"


def _raw_answers(i: int) -> dict[str, str]:
    answers = likert(i)
    secret = RAW_SECRETS[i % len(RAW_SECRETS)]
    answers["S12"] = f"Min sagsbehandler {RAW_SECRETS[0]} var god. Svar nr {i}."
    answers["S13"] = f"Skriv til mig om {secret}, jeg ventede længe. Tekst nr {i}."
    return answers


def test_no_raw_or_unapproved_text_reaches_the_pdf(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_texts: Callable[..., None], set_state: Callable[..., None],
    brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 30, _raw_answers)
    set_texts(round_id, [
        ("var god", {"anonymised_text": f"{UNAPPROVED_MARKER} [NAVN] var god.",
                     "review_status": ReviewStatus.GENNEMGAAET, "themes": ["kommunikation"],
                     "sentiment": "positiv", "analyser_version": "t"}),
        ("Tekst nr 0.", {"anonymised_text": APPROVED_QUOTE,
                         "review_status": ReviewStatus.GODKENDT,
                         "themes": ["sagsbehandlingstid"], "sentiment": "negativ",
                         "analyser_version": "t"}),
    ])
    set_state(round_id, "afrapporteret")
    text = pdf_text(brief_pdf(round_id))
    for secret in RAW_SECRETS:
        assert secret not in text
    assert "Kristiansen" not in text
    assert UNAPPROVED_MARKER not in text
    assert APPROVED_QUOTE in text
    assert "Sagsbehandlingstid" in text


HOSTILE = [
    "<font color='red'>rød</font> & <para>afsnit</para> </b> <i>ubalanceret <b>",
    "Emoji 😀🙈👍🏽 og symboler ✓ → € ½ ©",
    "مرحبا بكم في البلدية — שלום לכולם",
    "x" * 10_000,
    "bip\x07tegn og \x1b[31mkontrol\u202e omvendt \ufeff",
    "&amp; &lt;script&gt; &#0; &bogus; <br/> <img src=x>",
]


def test_hostile_strings_never_break_rendering(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_texts: Callable[..., None], set_state: Callable[..., None],
    brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S13"] = f"fjendtlig {i}"
        return values

    seed_answers(round_id, len(HOSTILE) + 5, answers)
    set_texts(round_id, [
        (f"fjendtlig {i}", {"anonymised_text": hostile, "review_status": ReviewStatus.GODKENDT,
                            "themes": ["kommunikation", "tillid"][: 1 + i % 2],
                            "sentiment": "negativ", "analyser_version": "t"})
        for i, hostile in enumerate(HOSTILE)
    ])
    with app.app_context():
        from survey.extensions import db
        from survey.models import Borgerrejse

        rnd = db.session.get(Borgerrejse, round_id)
        rnd.hovedpunkter_godt = HOSTILE[0] + "\n- " + HOSTILE[3]
        rnd.hovedpunkter_bedre = HOSTILE[1] + "\n" + HOSTILE[2]
        rnd.title = "<b>Titel & </para>"
        db.session.commit()
    set_state(round_id, "lukket")
    data = brief_pdf(round_id)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "rød" in text and "Titel &" in text
    assert "x" * 60 in text and "x" * 200 not in text  # cut, not dropped
    assert 5 <= pdf_pages(data) <= 30


def test_empty_round_gives_a_valid_brief_that_says_so(
    app: Flask, make_round: Callable[..., int], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="lukket")
    data = brief_pdf(round_id)
    assert pdf_pages(data) >= 5
    text = pdf_text(data)
    assert "ingen svar" in text
    assert "Borgerrådgiveren har endnu ikke skrevet hovedpunkter." in text


def test_fully_suppressed_round_hides_every_figure(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 3, likert)
    set_state(round_id, "afrapporteret")
    text = pdf_text(brief_pdf(round_id))
    assert "færre end 5 svar, så ingen tal vises" in text.replace("\n", " ")
    assert "fordelingen vises ikke" in text
    assert "33 %" not in text  # a share of 1 in 3 would leak


def test_preliminary_before_close_and_not_after(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    import io

    from pypdf import PdfReader

    round_id = make_round(state="aaben")
    seed_answers(round_id, 10, likert)
    before = brief_pdf(round_id)
    pages = PdfReader(io.BytesIO(before)).pages
    assert all("Foreløbig" in (p.extract_text() or "") for p in pages)
    set_state(round_id, "lukket")
    after = pdf_text(brief_pdf(round_id))
    assert "foreløbig" not in after.lower()


def test_page_numbers_and_sections(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 40, likert)
    set_state(round_id, "afrapporteret")
    data = brief_pdf(round_id)
    n = pdf_pages(data)
    assert 6 <= n <= 20
    text = pdf_text(data)
    assert f"Side 1 af {n}" in text and f"Side {n} af {n}" in text
    for heading in ("Borgerrejse — læringsbrief", "Hovedpunkter", "Deltagelse",
                    "Standardspørgsmålene", "Princip 1: Vi går hurtigt i gang",
                    "Procesretfærdighed", "Temaer i fritekstsvarene",
                    "Fagcentrets egne fokusspørgsmål", "Læringspunkter", "Metode og anonymitet",
                    "Småtalsreglen"):
        assert heading in text, heading


def test_hovedpunkter_are_printed_only_when_written(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 20, likert)
    set_state(round_id, "lukket")
    text = pdf_text(brief_pdf(round_id))
    assert "Borgerrådgiveren har endnu ikke skrevet hovedpunkter." in text
    assert "gennemsnit" not in text.split("Deltagelse")[0].split("Hovedpunkter")[1]
    with app.app_context():
        from survey.extensions import db
        from survey.models import Borgerrejse

        rnd = db.session.get(Borgerrejse, round_id)
        rnd.hovedpunkter_godt = "- Borgerne føler sig mødt med respekt"
        rnd.hovedpunkter_bedre = "- Telefontiden skal udvides"
        db.session.commit()
    text = pdf_text(brief_pdf(round_id))
    assert "Borgerne føler sig mødt med respekt" in text
    assert "Telefontiden skal udvides" in text
    assert "endnu ikke skrevet hovedpunkter" not in text


def test_clean_text_and_para_make_any_string_safe() -> None:
    from survey.briefs.pdf import clean_text, para

    assert clean_text("nul\x00tegn\u202e") == "nultegn"
    assert clean_text("a" * 500).endswith("…") and len(clean_text("a" * 500)) == 61
    assert para("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert clean_text("\ud800 lone surrogate").endswith("lone surrogate")
    assert clean_text("\U000e0001 tag") == "tag"  # format character dropped
    assert clean_text("DNA \U0001f9ec 中") == "DNA \ufffd \ufffd"  # glyphs the font lacks


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_themeless_approved_quotes_appear_under_andre_citater_once(
    app: Flask, quotes_round: int, brief_pdf: Callable[[int], bytes],
) -> None:
    text = _flat(pdf_text(brief_pdf(quotes_round)))
    assert "Andre citater" in text
    shown = [i for i in range(2, 9) if THEMELESS.format(i) in text]
    assert len(shown) == 5
    assert "Der er 2 godkendte citater mere, som ikke er vist her." in text
    assert text.count(SAME_QUOTE) == 1


def test_complementary_cell_reads_skjult_and_legend_prints_k(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")

    def answers(i: int) -> dict[str, str]:
        values = likert(i)
        values["S01"] = "1" if i < 3 else ("vi" if i < 9 else "5")  # 3×1, 6×vi, 21×5
        return values

    seed_answers(round_id, 30, answers)
    set_state(round_id, "afrapporteret")
    text = _flat(pdf_text(brief_pdf(round_id)))
    s01 = text[text.index("S01."):text.index("S02.")]
    assert "Ved ikke skjult" in s01 and "Helt uenig færre end 5" in s01
    assert "Ved ikke færre end 5" not in s01
    assert "beskytte en lille gruppe" in s01
    assert "færre end 5 svar i en kategori" in text  # the legend names k
    assert "færre end k" not in text


def test_rate_is_defined_and_explained(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None], brief_pdf: Callable[[int], bytes],
) -> None:
    round_id = make_round(state="aaben")
    seed_answers(round_id, 12, likert)  # answers, but no invitations
    set_state(round_id, "lukket")
    text = _flat(pdf_text(brief_pdf(round_id)))
    assert "Svarprocent: besvarelser via link eller kode (web) i procent af inviterede" in text
    assert "Inviterede Besvarelser Svarprocent 0 12 –" in text
    import re

    assert all(int(n) <= 100 for n in re.findall(r"(\d+) %", text))


def test_fitted_widths_never_split_a_word() -> None:
    from reportlab.pdfbase import pdfmetrics

    from survey.briefs.pdf import CELL_PADDING, TEXT_W, fitted_widths, styles

    head = ["Fagcenter", "Borgerrejser", "Inviterede", "Besvarelser", "Svarprocent",
            "Procesretfærdighed (0–100)"]
    rows = [head, ["CSI – Center for Social Indsats", "2", "10", "færre end 5", "60 %", "55"]]
    widths = fitted_widths(rows, TEXT_W, flex=0)
    assert abs(sum(widths) - TEXT_W) < 0.01
    st = styles().cell_head
    for word_list, width in zip(([w] for w in head[1:-1]), widths[1:-1], strict=True):
        need = pdfmetrics.stringWidth(word_list[0], st.fontName, st.fontSize) + CELL_PADDING
        assert width >= need
    assert widths[-1] >= pdfmetrics.stringWidth("Procesretfærdighed", st.fontName,
                                                st.fontSize) + CELL_PADDING


def test_annual_pdf_headers_whole_and_rates_at_most_100(
    app: Flask, make_round: Callable[..., int], seed_answers: Callable[..., None],
    set_state: Callable[..., None],
) -> None:
    import datetime as dt
    import re

    from survey.briefs.operations import build_annual
    from survey.briefs.pdf import AnnualRenderer
    from survey.extensions import db
    from survey.invitations.operations import issue_invitations
    from survey.models import Borgerrejse

    earlier = make_round(state="aaben", title="Uden invitationer")
    seed_answers(earlier, 30, likert, channel="interview")
    seed_answers(earlier, 10, likert)
    current = make_round(state="aaben", title="Med invitationer")
    with app.app_context():
        issue_invitations(db.session.get(Borgerrejse, current), count=6)
        db.session.commit()
    seed_answers(current, 5, likert)
    seed_answers(current, 5, likert, channel="papir")
    with app.app_context():
        data = build_annual(dt.date.today().year)
        text = pdf_text(AnnualRenderer(data).render())
    lines = [line.strip() for line in text.splitlines()]
    for fragment in ("Borgerrej", "Besvarelse", "Svarproce", "Procesretfærd", "Overskrede",
                     "Gennemfør"):
        assert not any(line.endswith(fragment) for line in lines), fragment
    for word in ("Borgerrejser", "Inviterede", "Svarprocent", "Procesretfærdighed"):
        assert word in text
    rates = [int(n) for n in re.findall(r"(\d+) %", text)]
    assert rates and all(n <= 100 for n in rates)
    assert "83 %" in text  # 5 web answers of 6 invitations (not 50 answers / 6)
