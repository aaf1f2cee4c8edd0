"""The data model of Borgerrejse (SQLAlchemy 2.x, typed).

Anonymity is a property of the schema: ``Response``, ``Answer`` and ``FreeText`` carry no
column that leads back to an ``Invitation`` or its ``Recipient``. Responses get random UUID
keys, only the day of submission, and reach these tables from ``HeldResponse`` in shuffled
batches (see ``survey.citizen.operations.release_held_responses``).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native PG enum) so migrations stay simple and portable.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class TransitionError(ValueError):
    """A state change that the current state does not allow; the message is Danish."""


# --------------------------------------------------------------------------- centres & users


class Fagcenter(db.Model):
    __tablename__ = "fagcenter"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # One name per line: caseworkers and other staff whose names the anonymiser must remove.
    staff_names: Mapped[str] = mapped_column(Text, default="")

    rounds: Mapped[list[Borgerrejse]] = relationship(back_populates="fagcenter")
    users: Mapped[list[User]] = relationship(back_populates="fagcenter")

    def __repr__(self) -> str:
        return f"<Fagcenter {self.code}>"


class Role(enum.Enum):
    ADVISOR = "advisor"
    CENTRE = "centre"
    MANAGEMENT = "management"

    @property
    def label(self) -> str:
        return {"advisor": "Borgerrådgiver", "centre": "Centerkontakt", "management": "Ledelse"}[
            self.value
        ]


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    fagcenter_id: Mapped[int | None] = mapped_column(ForeignKey("fagcenter.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Bumped on password change so that other sessions of the same user are signed out.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    fagcenter: Mapped[Fagcenter | None] = relationship(back_populates="users")

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_advisor(self) -> bool:
        return self.role is Role.ADVISOR


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()


# --------------------------------------------------------------------------- questions


class QuestionKind(enum.Enum):
    LIKERT = "likert"
    JANEJ = "janej"
    CHOICE = "choice"
    TEXT = "text"

    @property
    def label(self) -> str:
        return {
            "likert": "Enig/uenig (1–5)",
            "janej": "Ja/nej",
            "choice": "Vælg én",
            "text": "Fritekst",
        }[self.value]


class QuestionOrigin(enum.Enum):
    STANDARD = "standard"
    FOKUS = "fokus"


class StandardSet(db.Model):
    """A versioned set of standard questions; rounds copy one so they stay comparable."""

    __tablename__ = "standard_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    questions: Mapped[list[StandardQuestion]] = relationship(
        back_populates="standard_set",
        order_by="StandardQuestion.position",
        cascade="all, delete-orphan",
    )


class StandardQuestion(db.Model):
    __tablename__ = "standard_question"
    __table_args__ = (UniqueConstraint("standard_set_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_set_id: Mapped[int] = mapped_column(ForeignKey("standard_set.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind, "question_kind"))
    text_da: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(64))
    # The municipality's principles of "Mødet med borgeren" (1–4), configurable per question.
    principle: Mapped[int | None] = mapped_column(Integer)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)

    standard_set: Mapped[StandardSet] = relationship(back_populates="questions")


class RoundState(enum.Enum):
    KLADDE = "kladde"
    AABEN = "aaben"
    LUKKET = "lukket"
    AFRAPPORTERET = "afrapporteret"

    @property
    def label(self) -> str:
        return {
            "kladde": "Kladde",
            "aaben": "Åben",
            "lukket": "Lukket",
            "afrapporteret": "Afrapporteret",
        }[self.value]


class Borgerrejse(db.Model):
    """One round: one centre, a locked questionnaire once open, invitations and responses."""

    __tablename__ = "borgerrejse"

    id: Mapped[int] = mapped_column(primary_key=True)
    fagcenter_id: Mapped[int] = mapped_column(ForeignKey("fagcenter.id"))
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[RoundState] = mapped_column(
        _enum(RoundState, "round_state"), default=RoundState.KLADDE
    )
    standard_set_version: Mapped[int] = mapped_column(Integer, default=1)
    invitation_days: Mapped[int] = mapped_column(Integer, default=42)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The advisor's own main points for the brief ("Hovedpunkter").
    hovedpunkter_godt: Mapped[str] = mapped_column(Text, default="")
    hovedpunkter_bedre: Mapped[str] = mapped_column(Text, default="")

    fagcenter: Mapped[Fagcenter] = relationship(back_populates="rounds")
    questions: Mapped[list[Question]] = relationship(
        back_populates="borgerrejse", order_by="Question.position", cascade="all, delete-orphan"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="borgerrejse", cascade="all, delete-orphan"
    )
    learning_points: Mapped[list[Laeringspunkt]] = relationship(
        back_populates="borgerrejse", cascade="all, delete-orphan"
    )

    # ---- state machine
    @property
    def questions_locked(self) -> bool:
        return self.state is not RoundState.KLADDE

    @property
    def accepts_answers(self) -> bool:
        return self.state is RoundState.AABEN

    def open_blockers(self) -> list[str]:
        problems: list[str] = []
        if self.state is not RoundState.KLADDE:
            problems.append("Kun en kladde kan åbnes.")
        if not self.questions:
            problems.append("Borgerrejsen har ingen spørgsmål.")
        if any(q.origin is QuestionOrigin.FOKUS and not q.approved for q in self.questions):
            problems.append("Der er fokusspørgsmål, som endnu ikke er godkendt eller afvist.")
        if self.period_end < self.period_start:
            problems.append("Perioden slutter før den begynder.")
        return problems

    def open(self) -> None:
        problems = self.open_blockers()
        if problems:
            raise TransitionError(" ".join(problems))
        self.state = RoundState.AABEN
        self.opened_at = utcnow()

    def close(self) -> None:
        if self.state is not RoundState.AABEN:
            raise TransitionError("Kun en åben borgerrejse kan lukkes.")
        self.state = RoundState.LUKKET
        self.closed_at = utcnow()

    def report(self) -> None:
        if self.state is not RoundState.LUKKET:
            raise TransitionError("Kun en lukket borgerrejse kan afrapporteres.")
        self.state = RoundState.AFRAPPORTERET
        self.reported_at = utcnow()

    @property
    def is_reported(self) -> bool:
        return self.state is RoundState.AFRAPPORTERET

    def __repr__(self) -> str:
        return f"<Borgerrejse {self.id} {self.state.value}>"


class Question(db.Model):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("borgerrejse_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    borgerrejse_id: Mapped[int] = mapped_column(ForeignKey("borgerrejse.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    origin: Mapped[QuestionOrigin] = mapped_column(_enum(QuestionOrigin, "question_origin"))
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind, "question_kind"))
    text_da: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(64))
    principle: Mapped[int | None] = mapped_column(Integer)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # Focus questions proposed by a centre wait for the advisor's approval.
    approved: Mapped[bool] = mapped_column(Boolean, default=True)

    borgerrejse: Mapped[Borgerrejse] = relationship(back_populates="questions")

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text_da

    def allowed_values(self) -> set[str]:
        if self.kind is QuestionKind.LIKERT:
            return {"1", "2", "3", "4", "5", "vi"}
        if self.kind is QuestionKind.JANEJ:
            return {"ja", "nej", "vi"}
        if self.kind is QuestionKind.CHOICE:
            return {o["code"] for o in self.options}
        return set()


# --------------------------------------------------------------------------- invitations


class InvitationStatus(enum.Enum):
    IKKE_SENDT = "ikke_sendt"
    SENDT = "sendt"
    PAAMINDET = "paamindet"
    BRUGT = "brugt"

    @property
    def label(self) -> str:
        return {
            "ikke_sendt": "Ikke sendt",
            "sendt": "Sendt",
            "paamindet": "Påmindet",
            "brugt": "Brugt",
        }[self.value]


class Invitation(db.Model):
    """A one-time invitation. Only hashes of its link token and short code are stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    borgerrejse_id: Mapped[int] = mapped_column(ForeignKey("borgerrejse.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(
        _enum(InvitationStatus, "invitation_status"), default=InvitationStatus.IKKE_SENDT
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Deliberately no "used at" time: it would be a timestamp shared with the response.

    borgerrejse: Mapped[Borgerrejse] = relationship(back_populates="invitations")
    recipient: Mapped[Recipient | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", uselist=False
    )
    draft: Mapped[Draft | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", uselist=False
    )

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or utcnow()) >= self.expires_at


class Recipient(db.Model):
    """Contact data of an invited citizen; deleted when the round closes."""

    __tablename__ = "recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    reference: Mapped[str] = mapped_column(String(200), default="")

    invitation: Mapped[Invitation] = relationship(back_populates="recipient")


class Draft(db.Model):
    """Answers saved along the way; tied to the link only until the citizen sends."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), unique=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(2), default="da")
    step: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="draft")


# --------------------------------------------------------------------------- responses


class Channel(enum.Enum):
    WEB = "web"
    INTERVIEW = "interview"
    PAPIR = "papir"

    @property
    def label(self) -> str:
        return {"web": "Web", "interview": "Interview", "papir": "Papir"}[self.value]


class HeldResponse(db.Model):
    """A submitted response waiting to be released in a shuffled batch.

    No key to the invitation; the row is deleted when released.
    """

    __tablename__ = "held_response"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    borgerrejse_id: Mapped[int] = mapped_column(ForeignKey("borgerrejse.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    language: Mapped[str] = mapped_column(String(2))
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)


class UsedFormNonce(db.Model):
    """A one-time form nonce that has been used (SHA-256 only); makes double submits harmless.

    No key to a user or a response, and only a day: it is purged after a couple of days.
    """

    __tablename__ = "used_form_nonce"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_on: Mapped[dt.date] = mapped_column(Date)


class Response(db.Model):
    __tablename__ = "response"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    borgerrejse_id: Mapped[int] = mapped_column(
        ForeignKey("borgerrejse.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    language: Mapped[str] = mapped_column(String(2))
    submitted_on: Mapped[dt.date] = mapped_column(Date)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    free_texts: Mapped[list[FreeText]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(db.Model):
    """A closed answer: Likert ``1``–``5``/``vi``, ``ja``/``nej``/``vi`` or an option code."""

    __tablename__ = "answer"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(String(32))

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class ReviewStatus(enum.Enum):
    NY = "ny"
    GENNEMGAAET = "gennemgaaet"
    GODKENDT = "godkendt"

    @property
    def label(self) -> str:
        return {"ny": "Ikke gennemgået", "gennemgaaet": "Gennemgået", "godkendt": "Godkendt citat"}[
            self.value
        ]


class FreeText(db.Model):
    """A free-text answer with its analysis. Only ``GODKENDT`` ones may leave the advisor."""

    __tablename__ = "free_text"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    # Raw citizen text: seen only by the advisor, deleted after its retention period.
    raw_text: Mapped[str | None] = mapped_column(Text)
    raw_deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    anonymised_text: Mapped[str | None] = mapped_column(Text)
    # [{"start": int, "end": int, "kind": str}] over anonymised_text's source (raw text).
    pii_spans: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sentiment: Mapped[str | None] = mapped_column(String(16))
    analyser_version: Mapped[str | None] = mapped_column(String(32))
    review_status: Mapped[ReviewStatus] = mapped_column(
        _enum(ReviewStatus, "review_status"), default=ReviewStatus.NY
    )
    # Set once the advisor has touched the analysis; the analyser never overwrites it then.
    reviewed_by_advisor: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    response: Mapped[Response] = relationship(back_populates="free_texts")
    question: Mapped[Question] = relationship()

    @property
    def is_approved_quote(self) -> bool:
        return self.review_status is ReviewStatus.GODKENDT


# --------------------------------------------------------------------------- analysis support


class CustomTheme(db.Model):
    """A theme the advisor adds for a centre's focus area (phrase rules, later learned)."""

    __tablename__ = "custom_theme"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    fagcenter_id: Mapped[int | None] = mapped_column(ForeignKey("fagcenter.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CodingExample(db.Model):
    """An advisor's correction of themes/sentiment, kept as a training example."""

    __tablename__ = "coding_example"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # anonymised text only
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sentiment: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CoderModel(db.Model):
    """A trained theme/sentiment model; replaces the shipped one only once accepted."""

    __tablename__ = "coder_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    weights: Mapped[str] = mapped_column(Text)  # JSON-serialised model


# --------------------------------------------------------------------------- learning loop


class LaeringspunktStatus(enum.Enum):
    FORESLAAET = "foreslaaet"
    AFTALT = "aftalt"
    I_GANG = "i_gang"
    GENNEMFOERT = "gennemfoert"
    FRAVALGT = "fravalgt"

    @property
    def label(self) -> str:
        return {
            "foreslaaet": "Foreslået",
            "aftalt": "Aftalt",
            "i_gang": "I gang",
            "gennemfoert": "Gennemført",
            "fravalgt": "Fravalgt",
        }[self.value]


_LP_TRANSITIONS: dict[LaeringspunktStatus, set[LaeringspunktStatus]] = {
    LaeringspunktStatus.FORESLAAET: {LaeringspunktStatus.AFTALT, LaeringspunktStatus.FRAVALGT},
    LaeringspunktStatus.AFTALT: {LaeringspunktStatus.I_GANG, LaeringspunktStatus.FRAVALGT},
    LaeringspunktStatus.I_GANG: {LaeringspunktStatus.GENNEMFOERT, LaeringspunktStatus.FRAVALGT},
    LaeringspunktStatus.GENNEMFOERT: set(),
    LaeringspunktStatus.FRAVALGT: set(),
}


class Laeringspunkt(db.Model):
    __tablename__ = "laeringspunkt"

    id: Mapped[int] = mapped_column(primary_key=True)
    borgerrejse_id: Mapped[int] = mapped_column(ForeignKey("borgerrejse.id", ondelete="CASCADE"))
    owner_fagcenter_id: Mapped[int] = mapped_column(ForeignKey("fagcenter.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Figures quoted as evidence, e.g. [{"label": "S02 gennemsnit", "value": "2,4"}].
    evidence_figures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Ids (str UUID) of approved FreeText quotes used as evidence.
    evidence_quote_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[LaeringspunktStatus] = mapped_column(
        _enum(LaeringspunktStatus, "laeringspunkt_status"), default=LaeringspunktStatus.FORESLAAET
    )
    reason_rejected: Mapped[str] = mapped_column(Text, default="")
    centre_response: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    borgerrejse: Mapped[Borgerrejse] = relationship(back_populates="learning_points")
    owner_fagcenter: Mapped[Fagcenter] = relationship()
    events: Mapped[list[LaeringspunktEvent]] = relationship(
        back_populates="laeringspunkt",
        order_by="LaeringspunktEvent.at",
        cascade="all, delete-orphan",
    )

    def can_move_to(self, new: LaeringspunktStatus) -> bool:
        return new in _LP_TRANSITIONS[self.status]

    def move_to(self, new: LaeringspunktStatus, reason: str = "") -> None:
        if not self.can_move_to(new):
            raise TransitionError(
                f"Et læringspunkt kan ikke gå fra »{self.status.label}« til »{new.label}«."
            )
        if new is LaeringspunktStatus.FRAVALGT:
            if not reason.strip():
                raise TransitionError("Skriv hvorfor læringspunktet fravælges.")
            self.reason_rejected = reason.strip()
        self.status = new

    def is_overdue(self, today: dt.date | None = None) -> bool:
        open_states = {
            LaeringspunktStatus.FORESLAAET,
            LaeringspunktStatus.AFTALT,
            LaeringspunktStatus.I_GANG,
        }
        return (
            self.due_date is not None
            and self.status in open_states
            and self.due_date < (today or dt.date.today())
        )


class LaeringspunktEvent(db.Model):
    """History of a learning point: status changes, centre responses and progress notes."""

    __tablename__ = "laeringspunkt_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    laeringspunkt_id: Mapped[int] = mapped_column(
        ForeignKey("laeringspunkt.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))  # status | svar | note | redigering
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")

    laeringspunkt: Mapped[Laeringspunkt] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()
