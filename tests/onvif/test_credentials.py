"""The credential store: private files, secrets not in plain text."""

from __future__ import annotations

import stat

import pytest

from console.onvif.credentials import CredentialError, CredentialStore, shared_store


def test_round_trip(store):
    """A stored credential comes back, with its options."""
    store.put("gate", "operator", "s3cret", adjust_time=True)
    credential = store.get("gate")
    assert (credential.user, credential.password) == ("operator", "s3cret")
    assert credential.options == {"adjust_time": True}
    assert store.names() == ["gate"] and "gate" in store


def test_files_are_private_and_secret_is_not_plain(store):
    """Store and key are mode 0600 and the password is not in the file."""
    store.put("gate", "operator", "s3cret-Password")
    for path in (store.path, store.key_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    text = store.path.read_text()
    assert "s3cret-Password" not in text and "operator" not in text


def test_repr_hides_the_password(store):
    """A credential's repr never shows the password."""
    store.put("gate", "operator", "s3cret")
    assert "s3cret" not in repr(store.get("gate"))


def test_config_dir_from_environment(store, tmp_path):
    """CONSOLE_CONFIG_DIR chooses where the store lives."""
    assert store.directory == tmp_path / "config"


def test_another_key_cannot_decrypt(store):
    """A store read with another installation's key says so."""
    store.put("gate", "operator", "s3cret")
    store.key_path.unlink()
    with pytest.raises(CredentialError, match="cannot be decrypted"):
        CredentialStore(store.directory).get("gate")


def test_remove_and_missing(store):
    """Removed credentials are gone; asking for one names the store."""
    store.put("gate", "operator", "s3cret")
    assert store.remove("gate") is True and store.remove("gate") is False
    with pytest.raises(CredentialError, match="no credential named 'gate'"):
        store.get("gate")


def test_shared_store_sees_what_another_process_wrote(store):
    """The console's one store decrypts once, yet follows changes to the file."""
    store.put("gate", "operator", "first")
    shared = shared_store()
    assert shared.directory == store.directory
    assert shared.get("gate").password == "first"
    # Another process (`console onvif add`) writes the file meanwhile.
    CredentialStore(store.directory).put("gate", "operator", "second")
    assert shared.get("gate").password == "second"
    CredentialStore(store.directory).remove("gate")
    with pytest.raises(CredentialError, match="no credential named"):
        shared.get("gate")
    store.path.write_text("{not json")
    with pytest.raises(CredentialError, match="cannot read"):
        shared.get("gate")
