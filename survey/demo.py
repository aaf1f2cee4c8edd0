"""Demo data: an open round with fresh links and an earlier reported round with answers.

The synthetic free text deliberately contains fake personal data so that the anonymisation
and the brief have something real to show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select

from .auth.passwords import hash_password
from .citizen.operations import hold, release_held_responses
from .extensions import db
from .invitations.operations import IssuedInvitation, issue_invitations
from .models import (
    Borgerrejse,
    Channel,
    Fagcenter,
    QuestionKind,
    Response,
    Role,
    RoundState,
    User,
)
from .rounds.operations import add_focus_question, create_round
from .seed import seed_all

DEMO_CENTRE = "CSI"
OPEN_TITLE = "Demo: Borgerrejse i Center for Social Indsats"
EARLIER_TITLE = "Demo: Tidligere borgerrejse i Center for Social Indsats"
ADVISOR_EMAIL = "raadgiver@demo.borgerrejse.dk"
ADVISOR_PASSWORD = "demo-borgerrejse-2026"
CENTRE_EMAIL = "csi@demo.borgerrejse.dk"
MANAGEMENT_EMAIL = "ledelse@demo.borgerrejse.dk"

DEMO_TEXTS_GOOD = (
    "Min sagsbehandler Mette Hansen ringede altid tilbage samme dag. Det var en stor hjælp.",
    "Jeg blev mødt med respekt, og de lyttede til det jeg sagde om min søn Oliver.",
    "Det gik hurtigt, og brevet var let at forstå.",
    "Rådgiveren fra Familieafdelingen, Jens Holm, forklarede tydeligt hvad der skulle ske.",
    "Mødet på rådhuset var godt, og jeg fik en plan for de næste uger.",
    "Fint nok.",
)
DEMO_TEXTS_BETTER = (
    "Jeg ventede 9 måneder på en afgørelse og ingen fortalte mig hvorfor. Mit cpr er 120385-1234 "
    "hvis I vil slå det op.",
    "Telefonen blev aldrig taget. Ring til mig på 22 33 44 55 eller skriv til "
    "anna.jensen@example.dk.",
    "Jeg har haft fire forskellige sagsbehandlere på et år, og hver gang skulle jeg starte forfra.",
    "Min datter blev aldrig spurgt, selvom det handlede om hende. Vi bor på Kongevejen 12, 2. th., "
    "2800 Kongens Lyngby.",
    "Brevet om afgørelsen var svært at forstå, og der stod ikke hvordan man klager til "
    "Ankestyrelsen.",
    "Jeg blev sendt rundt mellem Jobcentret og Borgerservice. Sagsnr. 2025-004512.",
    "super hurtigt, kun 9 måneder… og ingen svarede på mine mails",
    "Min søn går på Lindegårdsskolen og skolen vidste intet om sagen.",
)
DEMO_TEXTS_OTHER = (
    "Tak fordi I spørger.",
    "Efter mødet den 3. februar har jeg mistet tilliden til kommunen.",
    "Ingen kommentarer.",
    "min rådgiver mette var sød men hun havde ikke tid",
)


@dataclass(frozen=True)
class DemoResult:
    round_id: int
    advisor_email: str
    advisor_password: str
    links: list[IssuedInvitation]


def _user(email: str, role: Role, password: str, centre: Fagcenter | None = None) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(email=email, role=role, password_hash="")
        db.session.add(user)
    user.role = role
    user.fagcenter = centre
    user.active = True
    user.password_hash = hash_password(password)
    user.session_version = (user.session_version or 0) + 1
    return user


def _round(centre: Fagcenter, title: str) -> Borgerrejse | None:
    return db.session.scalar(
        select(Borgerrejse).where(Borgerrejse.fagcenter_id == centre.id, Borgerrejse.title == title)
    )


def _earlier_round(centre: Fagcenter) -> Borgerrejse:
    rnd = _round(centre, EARLIER_TITLE)
    if rnd is not None:
        return rnd
    today = dt.date.today()
    rnd = create_round(
        centre, EARLIER_TITLE, today - dt.timedelta(days=300), today - dt.timedelta(days=210)
    )
    add_focus_question(
        rnd,
        QuestionKind.LIKERT,
        "Jeg fik tilbudt at have en bisidder med til møder.",
        "I was offered to bring a support person to meetings.",
        theme="inddragelse",
        approved=True,
    )
    rnd.open()
    rng = random.Random(2025)
    for i in range(30):
        lean = rng.random()
        answers: dict[str, str] = {}
        for q in rnd.questions:
            if q.kind is QuestionKind.LIKERT:
                value = max(1, min(5, (2 if lean < 0.55 else 4) + rng.choice((-1, 0, 0, 1))))
                answers[q.code] = "vi" if rng.random() < 0.08 else str(value)
            elif q.kind is QuestionKind.JANEJ:
                answers[q.code] = rng.choice(("ja", "ja", "nej", "vi"))
        answers["S12"] = rng.choice(DEMO_TEXTS_GOOD)
        answers["S13"] = rng.choice(DEMO_TEXTS_BETTER)
        if i % 3 == 0:
            answers["S14"] = rng.choice(DEMO_TEXTS_OTHER)
        channel = Channel.WEB if i % 6 else Channel.INTERVIEW
        hold(rnd.id, channel, "da" if i % 7 else "en", answers)
    release_held_responses(rnd.id, force=True)
    rnd.close()
    rnd.report()
    return rnd


def run_demo(links: int = 3) -> DemoResult:
    seed_all()
    centres = {c.code: c for c in db.session.scalars(select(Fagcenter))}
    centre = centres[DEMO_CENTRE]
    _user(ADVISOR_EMAIL, Role.ADVISOR, ADVISOR_PASSWORD)
    _user(CENTRE_EMAIL, Role.CENTRE, ADVISOR_PASSWORD, centre)
    _user(MANAGEMENT_EMAIL, Role.MANAGEMENT, ADVISOR_PASSWORD)
    _earlier_round(centre)
    rnd = _round(centre, OPEN_TITLE)
    if rnd is None:
        today = dt.date.today()
        rnd = create_round(
            centre, OPEN_TITLE, today - dt.timedelta(days=7), today + dt.timedelta(days=60)
        )
        add_focus_question(
            rnd,
            QuestionKind.LIKERT,
            "Jeg fik tilbudt at have en bisidder med til møder.",
            "I was offered to bring a support person to meetings.",
            theme="inddragelse",
            approved=True,
        )
        add_focus_question(
            rnd,
            QuestionKind.TEXT,
            "Hvad betød det for dig, at du kunne tage en bisidder med?",
            "What did it mean to you that you could bring a support person?",
            theme="inddragelse",
            approved=True,
        )
    if rnd.state is RoundState.KLADDE:
        rnd.open()
    issued = issue_invitations(rnd, count=links)
    db.session.flush()
    return DemoResult(rnd.id, ADVISOR_EMAIL, ADVISOR_PASSWORD, issued)


def count_responses(round_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Response.id)).where(Response.borgerrejse_id == round_id)
        )
        or 0
    )
