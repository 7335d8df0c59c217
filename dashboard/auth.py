"""An optional password in front of a shared dashboard.

Only a salted scrypt hash is kept: in $CERCLES_PASSWORD_HASH, else in a file outside the
warehouse ($CERCLES_PASSWORD_FILE, default ~/.config/cercles/password, mode 0600) written by
`cercles password`. With neither, the dashboard opens without a password (it listens on
127.0.0.1 only unless told otherwise).

With a password, `require_password` stops every page before it draws anything, and
`SignedInBrowsersOnly` (run by dashboard/server.py) keeps what Streamlit serves outside the
page (downloads, uploads, metrics) to browsers that signed in.
"""

import hashlib
import hmac
import os
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~50 ms and 16 MB per guess
SESSION_KEY = "cercles_authenticated"
REQUESTED_PAGE_KEY = "cercles_requested_page"
WRONG_PASSWORD_DELAY = 1.0  # seconds; one wrong guess a second for the whole server
_guessing = threading.Lock()  # one per process: every session and tab waits on the same one

# What Streamlit serves outside the script: downloads, uploads, server statistics.
GUARDED_PATHS = ("/media/", "/_stcore/upload_file", "/_stcore/metrics")
BROWSER_COOKIE = "cercles_browser"
SIGNED_IN_HOURS = 12
_signed_in: dict[str, float] = {}  # browser cookie -> when its sign-in stops counting


def password_file() -> Path:
    default = Path.home() / ".config" / "cercles" / "password"
    return Path(os.environ.get("CERCLES_PASSWORD_FILE", default)).expanduser()


def hash_password(password: str) -> str:
    """'scrypt$N$r$p$salt$hash': what is stored instead of the password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 << 20
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for anything malformed."""
    try:
        scheme, n, r, p, salt, expected = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 << 20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def stored_hash() -> str | None:
    """The configured password hash, or None when the dashboard is open."""
    configured = os.environ.get("CERCLES_PASSWORD_HASH", "").strip()
    if configured:
        return configured
    try:
        return password_file().read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def set_password(password: str) -> Path:
    """Store the hash of `password` in the password file (mode 0600); returns the file."""
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(hash_password(password) + "\n")
    os.replace(fresh, path)
    return path


def remove_password() -> bool:
    """Open the dashboard again; True when a password file was there."""
    path = password_file()
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def check_password(password: str, stored: str) -> bool:
    """`verify_password`, one attempt at a time for the whole process, and a wrong one holds
    the turn for WRONG_PASSWORD_DELAY: opening more tabs or sessions does not guess faster."""
    with _guessing:
        if verify_password(password, stored):
            return True
        time.sleep(WRONG_PASSWORD_DELAY)
        return False


def page_in_url(url: str | None) -> str:
    """The page part of the address a visitor opened ('quartiers' in '.../quartiers')."""
    if not url:
        return ""
    return urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]


def require_password() -> None:
    """Stop the Streamlit script with a password form unless this session, or this browser
    within SIGNED_IN_HOURS of its last use, has signed in.

    The app calls it first, so nothing (filters, pages, numbers) is drawn before. The page
    the visitor asked for is remembered, for `open_requested_page` after signing in.
    """
    import streamlit as st

    expected = stored_hash()
    if not expected:
        return
    cookie = st.context.cookies.get(BROWSER_COOKIE)
    if st.session_state.get(SESSION_KEY) or browser_signed_in(cookie):
        # a reload or a new tab of a browser that signed in (served by `cercles serve`, which
        # gives each browser its cookie) stays signed in; the sign-in lasts while in use
        st.session_state[SESSION_KEY] = True
        sign_in_browser(cookie)
        return
    st.session_state.setdefault(REQUESTED_PAGE_KEY, page_in_url(st.context.url))
    st.title("Cercles")
    with st.form("sign_in"):
        password = st.text_input("Mot de passe · Password", type="password", key="password")
        submitted = st.form_submit_button("Entrer · Sign in", type="primary")
    if submitted:
        if check_password(password or "", expected):
            st.session_state[SESSION_KEY] = True
            sign_in_browser(cookie)
            st.rerun()
        st.error("Mot de passe incorrect · Wrong password")
    st.stop()


def open_requested_page(pages, current) -> None:
    """Once signed in, go to the page a shared link asked for, keeping its filters.

    Call it after `st.navigation(pages)` returned `current`: Streamlit only knows the pages
    from then on, and the sign-in form ran before, on the default page.
    """
    import streamlit as st

    wanted = st.session_state.pop(REQUESTED_PAGE_KEY, "")
    if not wanted or wanted == current.url_path:
        return
    for page in pages:
        if page.url_path == wanted:
            st.switch_page(page, query_params=st.query_params.to_dict())


def sign_in_browser(cookie: str | None) -> None:
    """The browser holding `cookie` may fetch the guarded paths for SIGNED_IN_HOURS."""
    now = time.monotonic()
    for stale in [browser for browser, until in list(_signed_in.items()) if until <= now]:
        _signed_in.pop(stale, None)
    if cookie:
        _signed_in[cookie] = now + SIGNED_IN_HOURS * 3600


def browser_signed_in(cookie: str | None) -> bool:
    return bool(cookie) and _signed_in.get(cookie, 0) > time.monotonic()


def base_path() -> str:
    """'/cercles' when Streamlit serves the app under a base path (server.baseUrlPath)."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def cookie_from(scope) -> str | None:
    """The browser cookie in an ASGI request's headers, if any."""
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, cookie = part.strip().partition("=")
                if key == BROWSER_COOKIE and cookie:
                    return cookie
    return None


class SignedInBrowsersOnly:
    """ASGI middleware in front of Streamlit, active once a password is set.

    Every browser gets a random, HttpOnly cookie; signing in on the page marks that cookie
    (`sign_in_browser`). Downloads, uploads and metrics then answer only a marked cookie:
    a download's address passed on, or guessed, is refused (403) to anyone else.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket") or not stored_hash():
            return await self.app(scope, receive, send)
        cookie = cookie_from(scope)
        path = scope["path"].removeprefix(scope.get("root_path", "")).removeprefix(base_path())
        if path.startswith(GUARDED_PATHS) and not browser_signed_in(cookie):
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            await send({"type": "http.response.start", "status": 403, "headers": []})
            return await send({"type": "http.response.body", "body": b"Forbidden"})
        if cookie or scope["type"] != "http":
            return await self.app(scope, receive, send)
        fresh = secrets.token_urlsafe(32)
        set_cookie = f"{BROWSER_COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Strict".encode()

        async def with_cookie(message):
            if message["type"] == "http.response.start":
                headers = [*message["headers"], (b"set-cookie", set_cookie)]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, with_cookie)
