"""Interviews and paper answers: the advisor records an interview on a citizen's behalf, prints
a paper questionnaire, and imports typed-in paper answers (CSV). Everything is held and released
like web answers, so it goes through the same anonymisation and analysis."""
