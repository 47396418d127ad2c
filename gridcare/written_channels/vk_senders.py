"""Who delivers VK messages: by default a sender that only writes them to the log; a
real `messages.send` call only when settings.VK_API_ENABLED is on (never in tests)."""

import json
import logging
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings

from gridcare.core.env import env_secret
from gridcare.written_channels.models import VkCommunity

logger = logging.getLogger("gridcare.written_channels")

VK_API_URL = "https://api.vk.com/method/messages.send"
VK_API_VERSION = "5.199"
VK_TIMEOUT_SECONDS = 10


class VkSendError(Exception):
    """The message was not accepted; the outbox retries it."""


class VkSender(Protocol):
    def send(
        self, *, community: VkCommunity, user_id: int, text: str, random_id: int
    ) -> None: ...


class LoggingSender:
    """Writes the message to the log (development, tests, VK not connected)."""

    def send(
        self, *, community: VkCommunity, user_id: int, text: str, random_id: int
    ) -> None:
        logger.info("VK %s → id%s: %s", community.group_id, user_id, text)


class VkApiSender:
    """Calls VK's messages.send with the community's access token."""

    def send(
        self, *, community: VkCommunity, user_id: int, text: str, random_id: int
    ) -> None:
        token = (
            env_secret(community.access_token_env) if community.access_token_env else ""
        )
        if not token:
            raise VkSendError("не задан ключ доступа сообщества")
        data = urllib.parse.urlencode(
            {
                "user_id": user_id,
                "random_id": random_id,
                "message": text,
                "access_token": token,
                "v": VK_API_VERSION,
            }
        ).encode()
        try:
            with urllib.request.urlopen(
                urllib.request.Request(VK_API_URL, data=data, method="POST"),
                timeout=VK_TIMEOUT_SECONDS,
            ) as response:
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as exc:
            raise VkSendError(str(exc)) from exc
        if "error" in answer:
            raise VkSendError(str(answer["error"].get("error_msg", "ошибка VK API")))


def vk_sender() -> VkSender:
    if getattr(settings, "VK_API_ENABLED", False):
        return VkApiSender()
    return LoggingSender()
