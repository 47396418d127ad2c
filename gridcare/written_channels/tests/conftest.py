"""Fixtures of the written channels: a remote service centre with its specialists,
a real IMAP server (Debian's dovecot) run as the current user on a free port."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gridcare.accounts.models import Competence, Role, User
from gridcare.conftest import PASSWORD
from gridcare.offices.models import Office
from gridcare.territory.models import Branch
from gridcare.written_channels.models import Mailbox, RemoteCentreMember, RemoteQueue

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MAILBOX_USER = "appeals"
MAILBOX_PASSWORD = "imap-test-password"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG_BYTES = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\0" * 64


@pytest.fixture
def centre(branch: Branch) -> Office:
    return Office.objects.create(
        kind=Office.Kind.SERVICE_CENTRE,
        name="Удалённый центр обслуживания (Казань)",
        branch=branch,
        address="Казань, ул. Бутлерова, 1",
        opening_hours="пн–пт 8:00–17:00",
        serves_remote_channels=True,
    )


def remote_specialist_make(
    email: str, name: str, branch: Branch, competences: list[str]
) -> User:
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        role=Role.SPECIALIST,
        branch=branch,
        competences=competences,
        full_name=name,
    )


@pytest.fixture
def centre_staff(centre: Office, branch: Branch) -> dict[str, RemoteCentreMember]:
    """Two specialists of the individuals' queue (metering; connection) with room for
    2 open appeals each, one of the legal entities' queue."""
    anna = remote_specialist_make(
        "anna@gridcare.test", "Анна Учётова", branch, [Competence.METERING]
    )
    boris = remote_specialist_make(
        "boris@gridcare.test", "Борис Присоединов", branch, [Competence.CONNECTION]
    )
    vera = remote_specialist_make(
        "vera@gridcare.test", "Вера Юрлицова", branch, [Competence.METERING]
    )
    return {
        "anna": RemoteCentreMember.objects.create(
            office=centre, user=anna, queue=RemoteQueue.INDIVIDUALS, max_open=2
        ),
        "boris": RemoteCentreMember.objects.create(
            office=centre, user=boris, queue=RemoteQueue.INDIVIDUALS, max_open=2
        ),
        "vera": RemoteCentreMember.objects.create(
            office=centre, user=vera, queue=RemoteQueue.LEGAL_ENTITIES, max_open=2
        ),
    }


# ---- dovecot ----------------------------------------------------------------------


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    root: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mail_account() -> tuple[str, int, int]:
    """Dovecot never gives mail access as root: when the tests run as root, the mail
    processes use the `dovecot` system user."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_uid, me.pw_gid
    account = pwd.getpwnam("dovecot")
    return "dovecot", account.pw_uid, account.pw_gid


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """A real IMAP server: dovecot on a free port, maildir in a temp directory,
    passwd-file authentication, no TLS (127.0.0.1 only)."""
    if not Path(DOVECOT).exists():
        pytest.skip("dovecot не установлен: apt-get install dovecot-imapd")
    # Not pytest's tmp_path: its parents are private (0700) and dovecot's auth
    # process runs as another user when the tests run as root.
    root = Path(tempfile.mkdtemp(prefix="gridcare-dovecot-"))
    root.chmod(0o755)
    user_name, uid, gid = _mail_account()
    login_user = user_name if os.geteuid() != 0 else "dovenull"
    (root / "run").mkdir()
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(
        f"{MAILBOX_USER}:{{PLAIN}}{MAILBOX_PASSWORD}:{uid}:{gid}::{root / 'mail'}\n"
    )
    port = _free_port()
    (root / "dovecot.conf").write_text(
        f"""
base_dir = {root / "run"}
state_dir = {root / "run"}
instance_name = gridcare-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {root / "dovecot.log"}
default_internal_user = {user_name}
default_login_user = {login_user}
first_valid_uid = 0
mail_location = maildir:{root / "mail"}/%u
passdb {{
  driver = passwd-file
  args = {root / "passwd"}
}}
userdb {{
  driver = passwd-file
  args = {root / "passwd"}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(
                    "dovecot не запустился: "
                    + process.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
                )
            time.sleep(0.05)
    yield ImapServer("127.0.0.1", port, MAILBOX_USER, MAILBOX_PASSWORD, root)
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(
    db: Any, imap_server: ImapServer, monkeypatch: pytest.MonkeyPatch
) -> Mailbox:
    """The Mailbox row pointing at the test server (password from the environment)."""
    monkeypatch.setenv("TEST_MAILBOX_PASSWORD", imap_server.password)
    return Mailbox.objects.create(
        name="Обращения",
        host=imap_server.host,
        port=imap_server.port,
        security=Mailbox.Security.NONE,
        login=imap_server.user,
        password_env="TEST_MAILBOX_PASSWORD",
    )
