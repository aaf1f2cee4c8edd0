from analysis.topics import emerging_topics

PLANTED = [
    "Parkeringen ved rådhuset er altid fuld, jeg kunne ikke finde en parkeringsplads.",
    "Der er ingen parkeringspladser tilbage ved rådhuset om morgenen.",
    "Parkering ved rådhuset er et problem, pladserne er optaget hver dag.",
    "Jeg kørte rundt i tyve minutter for at finde parkering ved rådhuset.",
    "Parkeringspladsen foran rådhuset var lukket, så jeg kom for sent.",
    "Hvorfor er der så få parkeringspladser ved rådhuset?",
]
OTHER = [
    "Kaffen i venteværelset var kold og automaten virkede ikke.",
    "Automaten med kaffe i venteværelset var i stykker igen.",
    "Venteværelset manglede kaffe og vand hele formiddagen.",
    "Elevatoren i bygningen virkede ikke, jeg måtte tage trappen.",
    "Elevatoren var i stykker og min mor sidder i kørestol.",
    "Blomsterne i forhallen var visne.",
]


def test_finds_planted_topic() -> None:
    texts = PLANTED + OTHER
    topics = emerging_topics(texts, n_topics=3, min_answers=3)
    assert topics
    parking = [t for t in topics if any(w.startswith("parkering") for w in t.terms[:3])]
    assert parking, topics
    assert all(i < len(PLANTED) for i in parking[0].examples)
    assert emerging_topics(texts, n_topics=3, min_answers=3) == topics  # deterministic


def test_tiny_or_empty_input_gives_no_topics() -> None:
    assert emerging_topics([]) == []
    assert emerging_topics(["hej"]) == []
    assert emerging_topics(["", "  "]) == []


def test_explained_answers_are_left_out() -> None:
    explained = ["Det tog en evighed, og sagsbehandleren svarede aldrig på mine mails."] * 5
    assert emerging_topics(explained, n_topics=2, min_answers=2) == []
