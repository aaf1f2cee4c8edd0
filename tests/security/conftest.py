"""The access matrix's world (rounds in every state, a text, a learning point, a token) and a
signed-in client per role, shared by the security tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.survey.test_access_matrix import World, build_world, signed_in_clients


@dataclass
class Setup:
    world: World
    clients: dict[str, FlaskClient]
    tokens: dict[str, str]


@pytest.fixture
def setup(app: Any, login_as: Any, make_round: Any, make_invitations: Any,
          make_user: Any) -> Setup:
    world = build_world(app, make_round, make_invitations, make_user)
    clients, tokens = signed_in_clients(app, login_as)
    return Setup(world, clients, tokens)
