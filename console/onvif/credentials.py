"""Camera credentials, kept out of site files.

A site entry names its credentials (``credential = "gate-cam"``) and the
user name and password live here, in ``onvif-credentials.json`` in the
user's config directory (``platformdirs.user_config_dir("command-console")``,
or ``$CONSOLE_CONFIG_DIR``). Each entry's user name and password are
encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 tag) under a random
per-installation key in ``onvif-credentials.key``; both files are created
with mode 0600 in a directory of mode 0700.

What this protects against, honestly:

- Passwords in site files that get copied, mailed, committed or printed:
  site files hold only the credential's name.
- Someone who gets the store file alone (a backup, a copy for support, a
  glance at the screen): they see names and ciphertext.
- Other local users: the files are readable by this account only.

What it does not protect against: anyone who can read this account's files
(this user, root, malware running as this user, a full-disk backup). They
read the key file beside the store and decrypt it; the key is not derived
from a passphrase and is not in an OS keyring. FIXME(credentials): offer the
OS keyring (Secret Service) where there is one, so the key is not a file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from cryptography.fernet import Fernet, InvalidToken

from console.files import write_atomically
from console.folders import APP

log = logging.getLogger(__name__)

STORE_NAME = "onvif-credentials.json"
KEY_NAME = "onvif-credentials.key"


class CredentialError(Exception):
    """The store cannot be read, or has no such credential."""


@dataclass(frozen=True)
class Credential:
    """A user name and password; the password never shows in ``repr``."""

    user: str
    password: str = field(repr=False)
    options: dict = field(default_factory=dict, compare=False)


# Where settings go instead of the per-user folder (the demo, the tests).
CONFIG_DIR_ENV = "CONSOLE_CONFIG_DIR"


def config_dir() -> Path:
    """Where the console keeps per-user settings."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP))


class CredentialStore:
    """Named credentials in one encrypted file.

    ``options`` are kept beside a credential in plain text for settings that
    go with it and are not secret (say, that the camera's clock needs the
    time adjustment).
    """

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else config_dir()
        self.path = self.directory / STORE_NAME
        self.key_path = self.directory / KEY_NAME
        # Every stream attempt asks for its camera's credential: the file is
        # read again only when it changed (another console or `console
        # onvif add` may write it), and each secret is decrypted once.
        self._stamp = None
        self._entries: dict = {}
        self._decrypted: dict[str, Credential] = {}

    def names(self) -> list[str]:
        return sorted(self._read())

    def __contains__(self, name: str) -> bool:
        return name in self._read()

    def get(self, name: str) -> Credential:
        entry = self._read().get(name)
        if entry is None:
            raise CredentialError(f"no credential named {name!r} in {self.path}")
        credential = self._decrypted.get(name)
        if credential is None:
            credential = self._decrypted[name] = self._decrypt(name, entry)
        return credential

    def _decrypt(self, name: str, entry: dict) -> Credential:
        try:
            fernet = self._fernet(create=False)
            secret = json.loads(fernet.decrypt(entry["secret"].encode()))
        except (InvalidToken, KeyError, ValueError):
            raise CredentialError(
                f"credential {name!r} cannot be decrypted: the key file "
                f"{self.key_path} is missing or does not match the store"
            ) from None
        return Credential(secret["user"], secret["password"], entry.get("options", {}))

    def put(self, name: str, user: str, password: str, **options) -> None:
        """Store or replace a credential."""
        secret = json.dumps({"user": user, "password": password}).encode()
        entries = self._read()
        entries[name] = {
            "secret": self._fernet().encrypt(secret).decode(),
            "options": options,
        }
        self._write(entries)
        log.info("credential %s stored in %s", name, self.path)

    def remove(self, name: str) -> bool:
        entries = self._read()
        if entries.pop(name, None) is None:
            return False
        self._write(entries)
        log.info("credential %s removed", name)
        return True

    # -- files

    def _read(self) -> dict:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise CredentialError(f"cannot read {self.path}: {error}") from None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                return {}
            except (OSError, ValueError) as error:
                raise CredentialError(f"cannot read {self.path}: {error}") from None
            self._entries = dict(data.get("credentials", {}))
            self._decrypted = {}
            self._stamp = stamp
        return dict(self._entries)

    def _write(self, entries: dict) -> None:
        text = json.dumps({"version": 1, "credentials": entries}, indent=2)
        _write_private(self.path, text.encode("utf-8"))
        self._stamp = None

    def _fernet(self, create: bool = True) -> Fernet:
        try:
            return Fernet(self.key_path.read_bytes().strip())
        except FileNotFoundError:
            if not create:
                raise InvalidToken from None
        except ValueError:
            raise CredentialError(f"{self.key_path} is not a valid key") from None
        key = Fernet.generate_key()
        _write_private(self.key_path, key, exclusive=True)
        log.info("new credential key in %s", self.key_path)
        return Fernet(self.key_path.read_bytes().strip())


def _write_private(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write a file only this user can read, atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if exclusive:
        # Two consoles starting at once must not make two keys: the loser of
        # the race finds the winner's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        return
    write_atomically(path, data, 0o600)


_shared: dict[Path, CredentialStore] = {}


def shared_store() -> CredentialStore:
    """The store of this installation's folder, one for the whole process."""
    folder = config_dir()
    store = _shared.get(folder)
    if store is None:
        store = _shared[folder] = CredentialStore(folder)
    return store


def source_credentials(source, store: CredentialStore | None = None):
    """(user, password, adjust_time) for a site source's camera.

    Used for its streams and its ONVIF service alike.

    The site entry's own user and password come first; otherwise the
    credential it names in the store. Raises CredentialError.
    """
    if source.user:
        return source.user, source.password, False
    if source.credential:
        credential = (store or shared_store()).get(source.credential)
        adjust = bool(credential.options.get("adjust_time"))
        return credential.user, credential.password, adjust
    return None, None, False
