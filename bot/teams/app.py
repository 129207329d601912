"""The Teams bot: botbuilder's CloudAdapter on `POST /api/messages`, the activity handler, and delivery."""
from __future__ import annotations

import json
import logging

from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.intake import Intake
from bot.outbound import Rounds
from bot.services.engine import Engine
from bot.teams.conversations import Conversations
from bot.teams.delivery import TeamsDelivery
from bot.teams.handler import CoachHandler
from bot.teams.settings import TeamsSettings

log = logging.getLogger(__name__)
ROUTE = "/api/messages"


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


class TeamsBot:
    """Wires botbuilder to the engine. Without an app id it is a local development bot (see TeamsSettings)."""

    def __init__(self, engine: Engine, settings: TeamsSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(settings.bot_configuration()))
        self.adapter.on_turn_error = self._turn_failed  # type: ignore[method-assign]
        self.conversations = Conversations(engine.ctx.database)
        self.delivery = TeamsDelivery(engine, self.adapter, settings, self.conversations)
        self.rounds = Rounds(self.delivery)
        self.intake = Intake(engine, self.deliver_soon)
        self.handler = CoachHandler(self)

    def deliver_soon(self) -> None:
        self.rounds.soon()

    async def deliver_now(self) -> None:
        await self.rounds.now()

    async def start(self) -> None:
        if not self.settings.authenticated:
            log.warning("Teams: no MicrosoftAppId, so requests are NOT authenticated (local development only); "
                        "replies go only to loopback or COACHBOT_TRUSTED_SERVICE_URLS service URLs")

    async def close(self) -> None:
        await self.intake.close()
        await self.rounds.finish()

    async def _turn_failed(self, context: object, error: Exception) -> None:
        """Let the error reach the endpoint, which answers 500 so the connector delivers again."""
        raise error

    async def messages(self, request: web.Request) -> web.StreamResponse:
        """Bad input gets a clear 4xx, a bad token 401, and nothing is processed twice or lost."""
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _problem(415, "expected an application/json Bot Framework activity")
        try:
            body = json.loads(await request.read())
        except ValueError:
            return _problem(400, "the body is not JSON")
        if not isinstance(body, dict) or not body.get("type"):
            return _problem(400, "not a Bot Framework activity (no type)")
        try:
            activity = Activity().deserialize(body)
        except Exception:  # noqa: BLE001 - msrest raises several kinds for bad shapes
            return _problem(400, "the activity could not be read")
        service_url = str(body.get("serviceUrl") or "")
        if not self.settings.authenticated and not self.settings.may_call(service_url):
            return _problem(403, "unauthenticated requests may only name a loopback or trusted serviceUrl")
        if self.settings.authenticated and not await self._authentic(activity, request.headers.get("Authorization", "")):
            return _problem(401, "a valid Bot Framework bearer token is required")
        # Processed here rather than by CloudAdapter.process: without credentials any Authorization header is
        # ignored (botbuilder would answer a malformed one with a 500), and invoke answers are serialized once
        # (4.17's process() serializes them twice, so every invoke with a body fails).
        authorization = request.headers.get("Authorization", "") if self.settings.authenticated else ""
        try:
            invoke = await self.adapter.process_activity(authorization, activity, self.handler.on_turn)
        except PermissionError:
            return _problem(401, "the bearer token is not valid")
        except Exception as error:  # the engine or the database failed: 500, and the connector delivers again
            log.error("could not process an activity: %s", type(error).__name__)
            return _problem(500, "temporarily unable to process this activity")
        if invoke is None:
            return web.Response(status=201)
        body = invoke.body.serialize() if hasattr(invoke.body, "serialize") else invoke.body
        return web.json_response(body, status=invoke.status)

    async def _authentic(self, activity: Activity, authorization: str) -> bool:
        """Check the token before anything else runs: botbuilder reports some bad tokens (unknown key,
        missing endorsement, garbage) as generic errors, which must be a 401 here, not a 500."""
        if not authorization.startswith("Bearer "):
            return False
        try:
            await self.adapter.bot_framework_authentication.authenticate_request(activity, authorization)
        except Exception as error:  # noqa: BLE001 - any failure to validate is a refusal
            log.info("Teams request refused: %s", type(error).__name__)
            return False
        return True

    def mount(self, app: web.Application) -> None:
        app.router.add_post(ROUTE, self.messages)
