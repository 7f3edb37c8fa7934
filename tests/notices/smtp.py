"""A real SMTP server on loopback (aiosmtpd), for the notices' tests and bench/reminders.py."""

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """What the server received; `refuse` (an SMTP reply such as "451 …") makes it refuse
    every message instead, as a mail server that is struggling does."""

    def __init__(self, *, keep: bool = True) -> None:
        self.keep = keep
        self.messages: list[EmailMessage] = []
        self.count = 0
        self.refuse: str | None = None
        self.refuse_for: set[str] = set()  # refuse only messages to these addresses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse and (not self.refuse_for or self.refuse_for & set(envelope.rcpt_tos)):
            return self.refuse
        self.count += 1
        if self.keep:
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def loopback_smtp(inbox: Inbox) -> Iterator[int]:
    """Serve `inbox` on a free loopback port for the block; yields the port."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The message's plain-text and HTML bodies."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())
