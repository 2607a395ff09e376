"""The keyring tests seal registry fields with: the one the app derives from test settings."""

from __future__ import annotations

from puente.access.adapters.keys import keyring_from
from puente.settings import load_settings

KEYRING = keyring_from(load_settings())
