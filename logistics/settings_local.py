"""``make run``: the production settings on one machine, over plain HTTP.

What a user meets is what production serves — DEBUG off, the app's own Vietnamese error pages, static
files from ``collectstatic`` served by whitenoise with hashed names, the JSON-only API — so that a
newcomer's first look is the real one. Only what needs TLS is off, because http://127.0.0.1:8000
has no certificate: cookies are not secure-only (a browser would drop them over HTTP), no redirect
to HTTPS, no HSTS, and no proxy header is trusted since no proxy stands in front.

The secret key is made once and kept in ``var/secret_key`` (git-ignored) unless DJANGO_SECRET_KEY
or DJANGO_SECRET_KEY_FILE is set, so that sessions survive a restart.
"""

import os
import secrets
from pathlib import Path

_key_file = Path(__file__).resolve().parent.parent / "var" / "secret_key"
if not os.environ.get("DJANGO_SECRET_KEY") and not os.environ.get("DJANGO_SECRET_KEY_FILE"):
    if not _key_file.exists():
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.touch(mode=0o600)
        _key_file.write_text(secrets.token_urlsafe(60))
    os.environ["DJANGO_SECRET_KEY_FILE"] = str(_key_file)

from logistics.settings_production import *  # noqa: E402, F403
from logistics.settings_production import env_list  # noqa: E402

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
