"""Seed data: the seven centres and version 1 of the standard question set. Idempotent."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import Fagcenter, QuestionKind, StandardQuestion, StandardSet

CENTRES: tuple[tuple[str, str], ...] = (
    ("CSI", "Center for Social Indsats"),
    ("CBAK", "Center for Borgerservice, Arbejdsmarked og Kultur"),
    ("CSO", "Center for Sundhed og Omsorg"),
    ("CUP", "Center for Uddannelse og Pædagogik"),
    ("CBB", "Center for Byggeudvikling og Byggesag"),
    ("CTMB", "Center for Trafik, Miljø og Bæredygtighed"),
    ("CAE", "Center for Arealer og Ejendomme"),
)

# The municipality's four principles of "Mødet med borgeren".
PRINCIPLES: dict[int, str] = {
    1: "Vi går hurtigt i gang",
    2: "Borgerens verden – vi finder løsninger sammen",
    3: "Vi sætter flere perspektiver i spil",
    4: "Borgerne oplever, at kommunen hjælper med at finde veje",
}

L, J, T = QuestionKind.LIKERT, QuestionKind.JANEJ, QuestionKind.TEXT

# code, kind, theme, principle, Danish, English
STANDARD_SET_V1: tuple[tuple[str, QuestionKind, str | None, int | None, str, str], ...] = (
    ("S01", L, "sagsbehandlingstid", 1,
     "Kommunen gik hurtigt i gang med min sag.",
     "The municipality got started on my case quickly."),
    ("S02", L, "tilgaengelighed", 1,
     "Jeg kunne få fat i min sagsbehandler, når jeg havde brug for det.",
     "I could reach my caseworker when I needed to."),
    ("S03", L, "tilgaengelighed", 1,
     "Jeg fik svar på mine henvendelser inden for rimelig tid.",
     "I got answers to my enquiries within a reasonable time."),
    ("S04", L, "kommunikation", 4,
     "Jeg forstod den information og vejledning, jeg fik.",
     "I understood the information and guidance I was given."),
    ("S05", L, "information", 4,
     "Jeg vidste, hvad der skulle ske i min sag, og hvornår.",
     "I knew what would happen in my case, and when."),
    ("S06", L, "inddragelse", 2,
     "Jeg følte mig lyttet til og inddraget.",
     "I felt listened to and involved."),
    ("S07", L, "procesretfaerdighed", 2,
     "Jeg blev behandlet med respekt.",
     "I was treated with respect."),
    ("S08", L, "procesretfaerdighed", 2,
     "Forløbet var retfærdigt, uanset hvad resultatet blev.",
     "The process was fair, whatever the outcome."),
    ("S09", J, "afgoerelse", 4,
     "Fik du en skriftlig afgørelse med en begrundelse og en vejledning om, hvordan du kan klage?",
     "Did you receive a written decision with reasons and guidance on how to complain?"),
    ("S10", L, "samarbejde", 3,
     "Jeg blev ikke sendt rundt mellem forskellige afdelinger.",
     "I was not sent around between different departments."),
    ("S11", L, "tillid", 3,
     "Efter min sag har jeg tillid til kommunen.",
     "After my case, I trust the municipality."),
    ("S12", T, None, None, "Hvad gik godt?", "What went well?"),
    ("S13", T, None, None,
     "Hvad kunne kommunen have gjort bedre?", "What could the municipality have done better?"),
    ("S14", T, None, None,
     "Er der andet, du vil fortælle borgerrådgiveren?",
     "Is there anything else you would like to tell the citizen advisor?"),
)

LIKERT_LABELS_DA = {
    "1": "Helt uenig", "2": "Uenig", "3": "Hverken enig eller uenig", "4": "Enig",
    "5": "Helt enig", "vi": "Ved ikke",
}
LIKERT_LABELS_EN = {
    "1": "Strongly disagree", "2": "Disagree", "3": "Neither agree nor disagree", "4": "Agree",
    "5": "Strongly agree", "vi": "Don't know",
}
JANEJ_LABELS_DA = {"ja": "Ja", "nej": "Nej", "vi": "Ved ikke"}
JANEJ_LABELS_EN = {"ja": "Yes", "nej": "No", "vi": "Don't know"}


def seed_centres() -> list[Fagcenter]:
    existing = {c.code: c for c in db.session.scalars(select(Fagcenter))}
    for code, name in CENTRES:
        if code not in existing:
            centre = Fagcenter(code=code, name=name)
            db.session.add(centre)
            existing[code] = centre
    db.session.flush()
    return [existing[code] for code, _ in CENTRES]


def seed_standard_set() -> StandardSet:
    current = db.session.scalar(select(StandardSet).where(StandardSet.version == 1))
    if current is not None:
        return current
    std = StandardSet(version=1, note="Standardspørgsmål, version 1")
    for position, (code, kind, theme, principle, da, en) in enumerate(STANDARD_SET_V1, start=1):
        std.questions.append(
            StandardQuestion(
                code=code, position=position, kind=kind, theme=theme, principle=principle,
                text_da=da, text_en=en, options=[],
            )
        )
    db.session.add(std)
    db.session.flush()
    return std


def seed_all() -> None:
    seed_centres()
    seed_standard_set()
