# ruff: noqa: E501  (a text catalogue: sentences are easier to read and translate unbroken)
"""The citizen pages' texts in Danish and English (a small catalogue; no Flask-Babel).

``t(key, lang, **values)`` returns the text in ``lang`` (``"da"`` or ``"en"``), falling back to
Danish; ``{name}`` placeholders are filled from ``values``. Texts are plain, short sentences.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

CATALOGUE: dict[str, dict[str, str]] = {
    # ---- common
    "lang_switch": {"da": "English", "en": "Dansk"},
    "lang_switch_code": {"da": "en", "en": "da"},
    "lang_switch_label": {"da": "Read in English", "en": "Læs på dansk"},
    "skip": {"da": "Gå til indhold", "en": "Skip to content"},
    "site_title": {"da": "Spørgeskema", "en": "Questionnaire"},
    "error_prefix": {"da": "Fejl", "en": "Error"},
    "accessibility_link": {"da": "Tilgængelighedserklæring", "en": "Accessibility statement"},
    "footer_contact": {"da": "Kontakt borgerrådgiveren: {contact}", "en": "Contact the citizen advisor: {contact}"},
    "footer_who": {"da": "Borgerrådgiveren", "en": "The citizen advisor"},
    # ---- landing
    "landing_title": {
        "da": "Hvordan oplevede du dit forløb hos kommunen?",
        "en": "How did you experience your case with the municipality?",
    },
    "landing_who": {
        "da": "{advisor} i {municipality} spørger dig. Borgerrådgiveren er uafhængig af de afdelinger, "
              "der har haft din sag, og hjælper kommunen med at lære af borgernes oplevelser.",
        "en": "The citizen advisor in {municipality} is asking you. The citizen advisor is independent of the "
              "departments that handled your case, and helps the municipality learn from citizens' "
              "experiences.",
    },
    "landing_why_heading": {"da": "Hvorfor spørger vi?", "en": "Why are we asking?"},
    "landing_why": {
        "da": "Du har for nylig haft en sag hos {centre}. Vi vil gerne vide, hvad der gik godt, og hvad "
              "der kan gøres bedre, så kommunen kan blive bedre til at møde borgerne.",
        "en": "You recently had a case with {centre}. We would like to know what went well and what "
              "could be better, so the municipality can get better at meeting citizens.",
    },
    "landing_time_heading": {"da": "Hvor lang tid tager det?", "en": "How long does it take?"},
    "landing_time": {
        "da": "Det tager cirka 5–10 minutter. Spørgeskemaet har {steps} trin. Du må gerne springe "
              "spørgsmål over. Du kan gemme og fortsætte senere med det samme link.",
        "en": "It takes about 5–10 minutes. The questionnaire has {steps} steps. You may skip any "
              "question. You can save and continue later using the same link.",
    },
    "landing_after_heading": {"da": "Hvad sker der med dine svar?", "en": "What happens to your answers?"},
    "landing_after": {
        "da": "Borgerrådgiveren samler svarene fra mange borgere. Det, du skriver med dine egne ord, "
              "bliver renset for navne og andre oplysninger, der kan pege på nogen. Kommunens ledelse "
              "og centret får kun samlede resultater og anonyme citater, og de aftaler, hvad der skal "
              "gøres bedre.",
        "en": "The citizen advisor brings together the answers from many citizens. What you write in "
              "your own words is cleaned of names and other details that could identify anyone. The "
              "municipality's management and the centre only get combined results and anonymous "
              "quotes, and they agree on what should be done better.",
    },
    "landing_anonymity_heading": {"da": "Du er anonym", "en": "You are anonymous"},
    "landing_anonymity": {
        "da": "Dine svar kan ikke kobles til dig. Vi gemmer ikke dit navn, din adresse eller din "
              "IP-adresse sammen med svarene, og når du har sendt, kan linket ikke bruges igen. "
              "Skriv helst ikke navne eller CPR-numre i dine svar.",
        "en": "Your answers cannot be linked to you. We do not store your name, your address or your "
              "IP address with the answers, and once you have sent them the link cannot be used again. "
              "Please do not write names or CPR numbers in your answers.",
    },
    "landing_voluntary": {
        "da": "Det er frivilligt at svare, og det har ingen betydning for din sag.",
        "en": "Answering is voluntary and has no effect on your case.",
    },
    "deadline": {"da": "Du kan svare til og med {date}.", "en": "You can answer until {date}."},
    "start": {"da": "Start spørgeskemaet", "en": "Start the questionnaire"},
    "resume_note": {
        "da": "Du er i gang. Dine gemte svar står klar.",
        "en": "You have already started. Your saved answers are ready.",
    },
    "continue": {"da": "Fortsæt", "en": "Continue"},
    # ---- privacy notice (GDPR art. 13)
    "privacy_summary": {
        "da": "Sådan behandler vi dine oplysninger (databeskyttelse)",
        "en": "How we process your data (data protection)",
    },
    "privacy_controller": {"da": "Dataansvarlig", "en": "Data controller"},
    "privacy_dpo": {"da": "Databeskyttelsesrådgiver", "en": "Data protection officer"},
    "privacy_purpose_heading": {"da": "Formål", "en": "Purpose"},
    "privacy_purpose": {
        "da": "At lære af borgernes oplevelser, så kommunen kan forbedre sagsbehandlingen og mødet "
              "med borgerne.",
        "en": "To learn from citizens' experiences so the municipality can improve its casework and "
              "the way it meets citizens.",
    },
    "privacy_basis_heading": {"da": "Retsgrundlag", "en": "Legal basis"},
    "privacy_basis": {
        "da": "Databeskyttelsesforordningens artikel 6, stk. 1, litra e (opgave i samfundets interesse "
              "og offentlig myndighedsudøvelse), jf. kommunalfuldmagtsreglerne og borgerrådgiverens "
              "vedtægt. Hvis du selv skriver følsomme oplysninger, behandles de efter artikel 9, "
              "stk. 2, litra g, jf. databeskyttelseslovens § 7, stk. 4.",
        "en": "Article 6(1)(e) of the General Data Protection Regulation (a task carried out in the "
              "public interest and in the exercise of official authority), based on the municipal "
              "mandate and the citizen advisor's statutes. If you write sensitive information "
              "yourself, it is processed under Article 9(2)(g), see section 7(4) of the Danish Data "
              "Protection Act.",
    },
    "privacy_data_heading": {"da": "Hvilke oplysninger", "en": "Which data"},
    "privacy_data": {
        "da": "Dine svar og det, du selv skriver. Vi gemmer ikke din IP-adresse eller din browser, og "
              "svarene gemmes uden forbindelse til dit navn eller din adresse. Adresselisten til "
              "invitationerne slettes, når borgerrejsen lukker.",
        "en": "Your answers and what you write yourself. We do not store your IP address or your "
              "browser, and the answers are stored without any link to your name or address. The "
              "address list for the invitations is deleted when the round closes.",
    },
    "privacy_retention_heading": {"da": "Hvor længe", "en": "How long"},
    "privacy_rights_heading": {"da": "Dine rettigheder", "en": "Your rights"},
    "privacy_rights": {
        "da": "Du har ret til indsigt, berigtigelse, sletning, begrænsning og indsigelse. Fordi svarene "
              "er anonyme, kan vi som regel ikke finde netop dine svar, når du har sendt dem.",
        "en": "You have the right of access, rectification, erasure, restriction and objection. "
              "Because the answers are anonymous, we usually cannot find your particular answers "
              "once you have sent them.",
    },
    "privacy_complaint_heading": {"da": "Klage", "en": "Complaints"},
    "privacy_complaint": {
        "da": "Du kan klage til Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby, www.datatilsynet.dk.",
        "en": "You can complain to the Danish Data Protection Agency (Datatilsynet), Carl Jacobsens "
              "Vej 35, 2500 Valby, www.datatilsynet.dk.",
    },
    # ---- steps
    "step_of": {"da": "Trin {step} af {total}", "en": "Step {step} of {total}"},
    "step_title_closed": {"da": "Din oplevelse af forløbet", "en": "Your experience of the case"},
    "step_title_text": {"da": "Med dine egne ord", "en": "In your own words"},
    "step_intro_closed": {
        "da": "Vælg det svar, der passer bedst. Du må gerne springe et spørgsmål over.",
        "en": "Choose the answer that fits best. You may skip any question.",
    },
    "step_intro_text": {
        "da": "Skriv så meget eller så lidt, du vil. Skriv helst ikke navne eller CPR-numre.",
        "en": "Write as much or as little as you like. Please do not write names or CPR numbers.",
    },
    "next": {"da": "Næste", "en": "Next"},
    "send": {"da": "Send svar", "en": "Send answers"},
    "save_later": {"da": "Gem og fortsæt senere", "en": "Save and continue later"},
    "back": {"da": "Tilbage", "en": "Back"},
    "anonymity_short": {
        "da": "Dine svar kan ikke kobles til dig.",
        "en": "Your answers cannot be linked to you.",
    },
    # ---- questions partial
    "text_hint": {"da": "Højst {max} tegn.", "en": "At most {max} characters."},
    "optional": {"da": "(frivilligt)", "en": "(optional)"},
    # ---- validation
    "error_summary_title": {"da": "Der er et problem", "en": "There is a problem"},
    "error_too_long": {
        "da": "Svaret på »{question}« er for langt. Skriv højst {max} tegn (du har skrevet {length}).",
        "en": "The answer to “{question}” is too long. Write at most {max} characters "
              "(you have written {length}).",
    },
    "error_control_chars": {
        "da": "Svaret på »{question}« indeholdt usynlige tegn, som ikke kan gemmes. Vi har fjernet "
              "dem. Tjek teksten, og tryk på knappen igen.",
        "en": "The answer to “{question}” contained invisible characters that cannot be saved. We "
              "have removed them. Check the text and press the button again.",
    },
    "error_bad_choice": {
        "da": "Vælg et af svarene til »{question}«.",
        "en": "Choose one of the answers to “{question}”.",
    },
    "db_unavailable": {
        "da": "Vi kunne ikke gemme lige nu – prøv igen om lidt. Dine svar står stadig i formularen.",
        "en": "We could not save right now – please try again in a moment. Your answers are still "
              "in the form.",
    },
    "retry_title": {"da": "Prøv igen om lidt", "en": "Please try again in a moment"},
    "retry_text": {
        "da": "Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.",
        "en": "The service is temporarily unavailable. Please try again in a moment.",
    },
    "csrf_expired": {
        "da": "Siden var åben for længe, så vi kunne ikke gemme. Dine svar står stadig i "
              "formularen – tryk på knappen igen.",
        "en": "The page was open for too long, so we could not save. Your answers are still in "
              "the form – press the button again.",
    },
    # ---- saved
    "saved_title": {"da": "Dine svar er gemt", "en": "Your answers have been saved"},
    "saved_text_link": {
        "da": "Du kan lukke siden nu. Når du vil fortsætte, bruger du bare det samme link igen. "
              "Du kommer tilbage til det trin, du var nået til.",
        "en": "You can close the page now. When you want to continue, just use the same link again. "
              "You will return to the step you had reached.",
    },
    "saved_text_code": {
        "da": "Du kan lukke siden nu. Når du vil fortsætte, skriver du koden fra brevet igen. "
              "Du kommer tilbage til det trin, du var nået til.",
        "en": "You can close the page now. When you want to continue, type the code from the letter "
              "again. You will return to the step you had reached.",
    },
    "saved_deadline": {
        "da": "Husk at sende dine svar senest {date}.",
        "en": "Remember to send your answers by {date}.",
    },
    "continue_now": {"da": "Fortsæt nu", "en": "Continue now"},
    # ---- end states
    "thanks_title": {"da": "Tak for dine svar", "en": "Thank you for your answers"},
    "thanks_text": {
        "da": "Dine svar er sendt. De kan ikke kobles til dig. Borgerrådgiveren bruger dem sammen "
              "med andre borgeres svar til at hjælpe kommunen med at blive bedre.",
        "en": "Your answers have been sent. They cannot be linked to you. The citizen advisor uses "
              "them together with other citizens' answers to help the municipality improve.",
    },
    "thanks_close": {"da": "Du kan lukke siden nu.", "en": "You can close the page now."},
    "used_title": {"da": "Spørgeskemaet er allerede besvaret", "en": "The questionnaire has already been answered"},
    "used_text": {
        "da": "Der er allerede sendt svar med dette link eller denne kode. Hvert link kan kun "
              "bruges én gang, så svarene kan holdes anonyme. Tak for hjælpen.",
        "en": "Answers have already been sent with this link or code. Each link can only be used "
              "once, so the answers can be kept anonymous. Thank you for your help.",
    },
    "expired_title": {"da": "Linket er udløbet", "en": "The link has expired"},
    "expired_text": {
        "da": "Fristen for at svare med dette link er overskredet, så det kan ikke bruges længere.",
        "en": "The deadline for answering with this link has passed, so it can no longer be used.",
    },
    "closed_title": {"da": "Undersøgelsen er lukket", "en": "The survey is closed"},
    "closed_text": {
        "da": "Undersøgelsen er afsluttet, og der kan ikke længere sendes svar.",
        "en": "The survey has ended, and answers can no longer be sent.",
    },
    "contact_text": {
        "da": "Har du spørgsmål, kan du kontakte borgerrådgiveren: {contact}",
        "en": "If you have questions, you can contact the citizen advisor: {contact}",
    },
    # ---- code entry
    "code_title": {"da": "Skriv din kode", "en": "Enter your code"},
    "code_intro": {
        "da": "Har du fået et brev fra {advisor}? Skriv koden fra brevet her, så kommer du til "
              "spørgeskemaet. Du kan også scanne QR-koden i brevet.",
        "en": "Have you received a letter from the citizen advisor? Enter the code from the letter here to get "
              "to the questionnaire. You can also scan the QR code in the letter.",
    },
    "code_label": {"da": "Kode", "en": "Code"},
    "code_hint": {
        "da": "12 tegn, fx ABCD-EFGH-JKMN. Store eller små bogstaver og mellemrum er ligegyldige.",
        "en": "12 characters, e.g. ABCD-EFGH-JKMN. Upper or lower case and spaces do not matter.",
    },
    "code_submit": {"da": "Gå til spørgeskemaet", "en": "Go to the questionnaire"},
    "code_missing": {"da": "Skriv koden fra brevet.", "en": "Enter the code from the letter."},
    "code_wrong": {
        "da": "Koden kan ikke bruges. Tjek, at du har skrevet alle 12 tegn fra brevet rigtigt.",
        "en": "The code cannot be used. Check that you have typed all 12 characters from the letter "
              "correctly.",
    },
    # ---- accessibility
    "a11y_title": {"da": "Tilgængelighed", "en": "Accessibility"},
    "a11y_text": {
        "da": "Spørgeskemaet er lavet, så det kan bruges med skærmlæser, kun med tastatur, på "
              "mobiltelefon og med op til 200 % forstørrelse, og det virker uden JavaScript. Vi "
              "arbejder efter WCAG 2.1 niveau AA.",
        "en": "The questionnaire is made to work with screen readers, with a keyboard only, on mobile "
              "phones and at up to 200 % zoom, and it works without JavaScript. We follow WCAG 2.1 "
              "level AA.",
    },
    "a11y_statement": {
        "da": "Læs kommunens tilgængelighedserklæring",
        "en": "Read the municipality's accessibility statement (in Danish)",
    },
    "a11y_problems": {
        "da": "Oplever du problemer, eller har du brug for at svare på en anden måde, fx i et "
              "interview, så kontakt borgerrådgiveren: {contact}",
        "en": "If you have problems, or need to answer in another way, for example in an interview, "
              "contact the citizen advisor: {contact}",
    },
}


MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    months = MONTHS.get(lang, MONTHS[DEFAULT_LANGUAGE])
    if lang == "en":
        return f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def normalise_language(value: str | None) -> str | None:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else None


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
