"""Webhooks' HTTP client: one signed POST per attempt, as Standard Webhooks specifies.

Each request carries ``webhook-id`` (the event's id: the same on every retry, so receivers can
drop duplicates), ``webhook-timestamp`` and ``webhook-signature``, made by the maintained
``standardwebhooks`` library with the endpoint's secret. In production the host is resolved
first, every address it resolves to is checked (``webhooks.reachable_addresses``), and the
request goes to the checked address (the name still verifies the certificate), so a name that
resolves elsewhere a moment later cannot lead the request into the newsroom's network.
Redirects are not followed.
"""

from __future__ import annotations

import ipaddress
import time

import httpx
from standardwebhooks import Webhook

from cms.domain import webhooks
from cms.errors import BadUserInput

USER_AGENT = "newsroom-cms-webhooks/1"


def signed_headers(message: webhooks.Message) -> dict[str, str]:
    """The Standard Webhooks headers for a message."""
    signature = Webhook(message.secret).sign(message.message_id, message.timestamp, message.body)
    return {
        "webhook-id": message.message_id,
        "webhook-timestamp": str(int(message.timestamp.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


class Sender:
    """Sends messages with one shared HTTP client; every failure becomes an ``Outcome``."""

    def __init__(
        self,
        *,
        policy: webhooks.Policy,
        timeout: float,
        resolver: webhooks.Resolver = webhooks.resolve,
    ) -> None:
        self._policy = policy
        self._resolver = resolver
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
        )

    async def send(self, message: webhooks.Message) -> webhooks.Outcome:
        started = time.perf_counter()

        def took() -> float:
            return round((time.perf_counter() - started) * 1000, 3)

        try:
            request = await self._request(message)
        except BadUserInput as refused:
            return webhooks.Outcome(status_code=None, duration_ms=took(), error=refused.message)
        try:
            response = await self._client.send(request)
            await response.aclose()
        except httpx.TimeoutException:
            return webhooks.Outcome(status_code=None, duration_ms=took(), error="timed out")
        except httpx.HTTPError as error:
            text = str(error) or type(error).__name__
            return webhooks.Outcome(status_code=None, duration_ms=took(), error=text)
        return webhooks.Outcome(status_code=response.status_code, duration_ms=took())

    async def _request(self, message: webhooks.Message) -> httpx.Request:
        headers = signed_headers(message)
        url = httpx.URL(message.url)
        extensions = {}
        if self._policy.production:
            addresses = await webhooks.reachable_addresses(
                message.url, self._policy, resolver=self._resolver
            )
            # Connect to the address just checked; the name stays the Host and the TLS name.
            address = ipaddress.ip_address(addresses[0])
            headers["host"] = url.netloc.decode("ascii")
            extensions["sni_hostname"] = url.host
            url = url.copy_with(host=str(address))
        content = message.body.encode()
        return self._client.build_request(
            "POST", url, headers=headers, content=content, extensions=extensions
        )

    async def close(self) -> None:
        await self._client.aclose()
