"""Keyed pseudonyms for staff respondents and pupils (AVG/GDPR).

Identities (e-mail, access token, pupil number) are replaced by an HMAC-SHA256 of the identity
under a secret key, so the same person gets the same pseudonym across waves and files, and
nobody without the key can recompute it from a list of e-mail addresses.

The key comes from, in this order: the ``key_file`` argument (``--key-file``), the environment
variable ``KIT_PSEUDONYM_KEY`` (the key itself), or ``KIT_PSEUDONYM_KEY_FILE`` (a file holding
it). A key file inside a git work tree is refused: the key must live outside the repository.
Without a key, the kit only ingests the fictional sample data (folders marked with a
``.kit-sample`` file), under a public sample key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import Location, PrivacyError
from .textnorm import normalise

__all__ = ["SAMPLE_KEY", "SAMPLE_MARKER", "Pseudonymizer", "is_sample", "load_key"]

SAMPLE_MARKER = ".kit-sample"
#: Public key used only for the fictional sample data. Never for real data.
SAMPLE_KEY = b"kit-sample-data-public-key--not-for-real-data"
_MIN_KEY_BYTES = 16


def is_sample(path: str | Path) -> bool:
    """Whether ``path`` lies in a folder marked as fictional sample data."""
    p = Path(path).resolve()
    for folder in [p, *p.parents] if p.is_dir() else p.parents:
        if (folder / SAMPLE_MARKER).is_file():
            return True
    return False


def _inside_git_worktree(path: Path) -> bool:
    for folder in path.resolve().parents:
        if (folder / ".git").exists():
            return True
    return False


def load_key(key_file: str | Path | None = None, *, sources: list[Path] | tuple = ()) -> bytes:
    """Find the pseudonym key.

    Parameters
    ----------
    key_file : path, optional
        A file whose content (stripped) is the key.
    sources : list of paths
        The input files; when no key is given and every one of them is sample data, the public
        sample key is returned.

    Raises
    ------
    kit.errors.PrivacyError
        No key for real data, a key that is too short, or a key file inside a repository.
    """
    key_path = key_file or os.environ.get("KIT_PSEUDONYM_KEY_FILE")
    if key_path:
        kp = Path(key_path)
        if not kp.is_file():
            raise PrivacyError("the pseudonym key file does not exist", where=Location(file=kp),
                               fix="create it with a long random secret, outside the repository")
        if _inside_git_worktree(kp) and not all(is_sample(s) for s in sources):
            raise PrivacyError(
                "the pseudonym key file lies inside a git work tree",
                where=Location(file=kp),
                fix="move the key outside any repository so it is never committed",
            )
        key = kp.read_bytes().strip()
    elif os.environ.get("KIT_PSEUDONYM_KEY"):
        key = os.environ["KIT_PSEUDONYM_KEY"].strip().encode("utf-8")
    elif sources and all(is_sample(s) for s in sources):
        return SAMPLE_KEY
    else:
        raise PrivacyError(
            "no pseudonym key: the kit does not ingest real data without one",
            expected="--key-file FILE, or the environment variable KIT_PSEUDONYM_KEY",
            fix="make a secret with e.g. `python -c 'import secrets; print(secrets.token_hex(32))' "
            "> ~/.kit-key` and pass --key-file ~/.kit-key (keep it; the same key keeps "
            "pseudonyms stable across waves)",
        )
    if len(key) < _MIN_KEY_BYTES:
        raise PrivacyError(f"the pseudonym key is too short ({len(key)} bytes)",
                           expected=f"at least {_MIN_KEY_BYTES} bytes",
                           fix="use a long random secret")
    return key


@dataclass(frozen=True)
class Pseudonymizer:
    """Turns identities into stable pseudonyms under a key.

    Examples
    --------
    >>> p = Pseudonymizer(b"0123456789abcdef-example")
    >>> p.respondent("A.Jansen@School.nl ") == p.respondent("a.jansen@school.nl")
    True
    >>> len(p.pupil("123456")), p.pupil("123456").startswith("L")
    (13, True)
    """

    key: bytes
    length: int = 12

    @cached_property
    def _keyed(self) -> tuple:
        """The HMAC-SHA256 (RFC 2104) inner and outer hashes with the padded key taken in,
        copied for each value: the key is hashed once, and a value costs two copies and two
        small hashes (``hmac.HMAC.copy`` costs about half as much again, per value)."""
        key = self.key if len(self.key) <= 64 else hashlib.sha256(self.key).digest()
        key = key.ljust(64, b"\0")
        return (hashlib.sha256(bytes(b ^ 0x36 for b in key)),
                hashlib.sha256(bytes(b ^ 0x5C for b in key)))

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_keyed"}

    def _digest(self, kind: str, value: str) -> str:
        """``hmac.new(key, f"{kind}:{value}", sha256).hexdigest()``, cut to ``length``.

        >>> import hmac
        >>> p = Pseudonymizer(b"k" * 100)
        >>> p._digest("pupil", "12") == hmac.new(p.key, b"pupil:12", "sha256").hexdigest()[:12]
        True
        """
        return self.digests(kind, [value])[0]

    def respondent(self, identity: str) -> str:
        """Pseudonym of a staff member from their e-mail address or access token."""
        return "R" + self._digest("respondent", normalise(identity))

    def anonymous(self, file_sha256: str, row: int) -> str:
        """Pseudonym of an anonymous response (unique per file row; not linkable across waves)."""
        return "A" + self._digest("anonymous", f"{file_sha256}:{row}")

    def pupil(self, number: object) -> str:
        """Pseudonym of a pupil from their pupil number in the pupil-data system."""
        return "L" + self._digest("pupil", _pupil_number(number))

    def pupils(self, numbers: list) -> list[str | None]:
        """:meth:`pupil` of each of ``numbers`` (``None`` for ``None``), a third quicker than
        a call per number (:meth:`digests`).

        >>> p = Pseudonymizer(b"0123456789abcdef-example")
        >>> p.pupils(["0123", None, 123.0]) == [p.pupil("123"), None, p.pupil("123")]
        True
        """
        given = [_pupil_number(n) for n in numbers if n is not None]
        done = iter(self.digests("pupil", given))
        return [None if n is None else "L" + next(done) for n in numbers]

    def digests(self, kind: str, values: list[str]) -> list[str]:
        """``_digest(kind, v)`` of each of ``values`` (texts as they are hashed), the hashes
        kept at hand in one loop."""
        inner, outer = self._keyed
        icopy, ocopy, cut, prefix = inner.copy, outer.copy, self.length, f"{kind}:"
        out = []
        for v in values:
            h, o = icopy(), ocopy()
            h.update((prefix + v).encode())
            o.update(h.digest())
            out.append(o.hexdigest()[:cut])
        return out


def _pupil_number(number: object) -> str:
    """A pupil number as it is hashed: no spaces, no ``.0`` of a spreadsheet's number, no
    leading zeros."""
    s = str(number).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s.lstrip("0") or "0"
