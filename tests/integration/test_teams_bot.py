"""The Teams bot end to end: real botbuilder over real HTTP with Bot Framework activities, and a fake Bot
Connector at the edge recording what the bot sends."""
from __future__ import annotations

import asyncio
import time

from tests.integration.teams_harness import SUPPORT, TEAM, running_teams


def run(coroutine) -> None:
    asyncio.run(coroutine)


def test_a_customer_post_becomes_a_ticket_and_the_team_channel_is_reminded(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch) as bot:
            status, _ = await bot.send(bot.channel_post("aad-cust", "Our nightly export has not run since Monday"))
            assert status in (200, 201)
            (reminder,) = await bot.connector.wait_for("send", TEAM)
            assert reminder.conversation == TEAM  # a new post in the team channel, not a reply to the customer
            assert "#1" in reminder.text
            titles = [a["title"] for a in reminder.card["actions"]]
            assert titles[:3] == ["Take it", "Snooze 30m", "Resolve"]
            assert not bot.connector.posts(SUPPORT)
    run(scenario())


def test_a_staff_refusal_gets_a_private_card_in_their_own_chat_and_nothing_in_the_thread(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch, first_response="1h") as bot:
            root = bot.next_id()
            await bot.send(bot.channel_post("aad-cust", "Can I get a refund on my annual plan?", activity_id=root))
            refusal = bot.reply("aad-agent1", "We don't offer refunds on annual plans.", root)
            assert (await bot.send(refusal))[0] in (200, 201)
            assert (await bot.send(refusal))[0] in (200, 201)  # the connector retried: processed once
            (opened,) = await bot.connector.wait_for("create", "29:agent1")
            (note,) = await bot.connector.wait_for("send", "a:chat-29:agent1")
            assert "Create options" in note.text or "option" in note.text.lower()
            assert [a["data"]["coachbot"] for a in note.card["actions"]] == ["helpful", "unhelpful", "mute"]
            await asyncio.sleep(0.6)
            assert len(bot.connector.sent("send", "a:chat-29:agent1")) == 1
            assert not bot.connector.posts(SUPPORT)  # the customer sees nothing
            assert not bot.connector.sent("create", "29:cust")
    run(scenario())


def test_commands_in_the_personal_chat_and_by_mention_are_answered_privately(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch, first_response="1h") as bot:
            await bot.send(bot.channel_post("aad-cust", "Export is broken"))
            await bot.send(bot.personal("aad-agent1", "queue"))
            (answer,) = await bot.connector.wait_for("reply", "a:chat-29:agent1")
            assert "#1" in answer.text
            await bot.send(bot.channel_post("aad-agent2", "own #1", mention_bot=True))
            (claimed,) = await bot.connector.wait_for("send", "a:chat-29:agent2")
            assert "#1" in claimed.text and "own" in claimed.text
            await bot.send(bot.personal("aad-cust", "resolve #1"))
            (refused,) = await bot.connector.wait_for("reply", "a:chat-29:cust")
            assert "staff" in refused.text.lower()
            await bot.send(bot.personal("aad-agent1", "frobnicate"))
            helped = (await bot.connector.wait_for("reply", "a:chat-29:agent1", count=2))[-1]
            assert "frobnicate" in helped.text and "queue" in helped.text
            assert not bot.connector.posts(SUPPORT)
            queue = bot.engine.command(__import__("bot.core.events", fromlist=["CommandIssued"]).CommandIssued(
                "tenant-1", SUPPORT, "aad-lead", "queue", bot.engine.ctx.clock.now()))
            assert "aad-agent2" in queue.text  # the @mention command really claimed the ticket
    run(scenario())


def test_reminder_card_buttons_act_on_the_ticket_and_the_card_is_updated(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch) as bot:
            await bot.send(bot.channel_post("aad-cust", "Our nightly export has not run since Monday"))
            (reminder,) = await bot.connector.wait_for("send", TEAM)
            take = reminder.card["actions"][0]["data"]
            click = bot.reply("aad-agent1", "", reminder.activity.get("id") or "1", channel=TEAM, value=take)
            assert (await bot.send(click))[0] in (200, 201)
            (update,) = await bot.connector.wait_for("update", TEAM)
            assert "actions" not in update.card and "#1" in update.text
    run(scenario())


def test_a_person_without_a_chat_gets_the_nudge_in_the_team_channel_with_a_mention(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch, first_response="1h") as bot:
            bot.connector.blocked.add("29:agent1")
            root = bot.next_id()
            await bot.send(bot.channel_post("aad-cust", "Can I get a refund?", activity_id=root))
            await bot.send(bot.reply("aad-agent1", "We don't offer refunds on annual plans.", root))
            (posted,) = await bot.connector.wait_for("send", TEAM)
            assert "<at>Ana Agent</at>" in posted.text
            assert posted.card["msteams"]["entities"][0]["mentioned"]["id"] == "29:agent1"
            assert not bot.connector.posts(SUPPORT)
    run(scenario())


def test_connector_throttling_is_retried_and_the_message_sent_once(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch) as bot:
            bot.connector.failures += [429, 502]
            await bot.send(bot.channel_post("aad-cust", "Our nightly export has not run since Monday"))
            await bot.connector.wait_for("send", TEAM)
            await asyncio.sleep(0.6)
            assert len(bot.connector.sent("send", TEAM)) == 1
    run(scenario())


def test_bad_requests_get_clear_4xx_answers_and_change_nothing(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch) as bot:
            good = bot.channel_post("aad-cust", "Export is broken")
            assert (await bot.send("{not json"))[0] == 400
            assert (await bot.send(good, content_type="text/plain"))[0] == 415
            assert (await bot.send({"text": "no type"}))[0] == 400
            assert (await bot.send([good]))[0] == 400
            assert (await bot.send({**good, "conversation": "not an object"}))[0] == 400
            invoke = bot.personal("aad-agent1", "", activity_type="invoke", name="adaptiveCard/action",
                                  value={"action": {"type": "Action.Execute", "verb": "x"}})
            status, body = await bot.send(invoke)
            assert status < 500 and body.startswith("{")  # answered once-serialized, not 4.17's double-encoded 500
            elsewhere = {**good, "serviceUrl": "https://attacker.example.com/"}
            status, body = await bot.send(elsewhere)
            assert status == 403 and "serviceUrl" in body and "Traceback" not in body
            garbage = await bot.send(good, {"Authorization": "Bearer garbage"})
            assert garbage[0] in (200, 201)  # without credentials a header proves nothing and is ignored
    run(scenario())


def test_with_credentials_every_request_needs_a_valid_bot_framework_token(tmp_path, monkeypatch):
    from tests.integration.openid_server import SigningAuthority

    app_id = "00000000-0000-0000-0000-00000000c0ac"
    with SigningAuthority() as authority:
        async def scenario() -> None:
            env = {"COACHBOT_TEAMS_OPENID_METADATA_URL": authority.metadata_url}
            async with running_teams(tmp_path, monkeypatch, first_response="1h", app_id=app_id, env=env) as bot:
                post = bot.channel_post("aad-cust", "Export is broken")
                url = post["serviceUrl"]

                def bearer(token: str) -> dict[str, str]:
                    return {"Authorization": f"Bearer {token}"}
                assert (await bot.send(post))[0] == 401
                assert (await bot.send(post, bearer("not-a-jwt")))[0] == 401
                assert (await bot.send(post, {"Authorization": "Basic abc"}))[0] == 401
                assert (await bot.send(post, bearer(authority.token(app_id, url, signed_by_stranger=True))))[0] == 401
                assert (await bot.send(post, bearer(authority.token("someone-else", url))))[0] == 401
                assert (await bot.send(post, bearer(authority.token(app_id, "https://elsewhere.example/"))))[0] == 401
                assert (await bot.send(post, bearer(authority.token(app_id, url, exp=int(time.time()) - 3600))))[0] == 401
                assert not bot.engine.command(_queue_as_lead(bot)).text.count("#1")
                status, _ = await bot.send(post, bearer(authority.token(app_id, url)))
                assert status in (200, 201)
                assert "#1" in bot.engine.command(_queue_as_lead(bot)).text
        run(scenario())


def _queue_as_lead(bot):
    from bot.core.events import CommandIssued
    return CommandIssued("tenant-1", SUPPORT, "aad-lead", "queue", bot.engine.ctx.clock.now())


def test_a_like_on_the_reminder_card_claims_and_settings_change_through_the_card_form(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch) as bot:
            await bot.send(bot.channel_post("aad-cust", "Our nightly export has not run since Monday"))
            (reminder,) = await bot.connector.wait_for("send", TEAM)
            posted_id = (await _posted_ids(bot))[0]
            like = bot.activity("aad-agent2", "", conversation=f"{TEAM};messageid={posted_id}", channel=TEAM,
                                activity_type="messageReaction", replyToId=posted_id,
                                reactionsAdded=[{"type": "like"}])
            assert (await bot.send(like))[0] in (200, 201)
            (update,) = await bot.connector.wait_for("update", TEAM)
            assert "Ben Agent" in update.text and "actions" not in update.card  # claimed by the like

            await bot.send(bot.personal("aad-lead", "settings"))
            (form,) = await bot.connector.wait_for("reply", "a:chat-29:lead")
            fields = {b["id"]: b["value"] for b in form.card["body"] if b.get("type") == "Input.Text"}
            assert fields["first_response"] == "2s" and fields["watched"] == "on"
            submit = form.card["actions"][0]["data"]
            await bot.send(bot.personal("aad-lead", "", value={**submit, **fields, "first_response": "10m"}))
            saved = (await bot.connector.wait_for("reply", "a:chat-29:lead", count=2))[-1]
            assert "Saved" in saved.text
            assert bot.engine.settings_of("tenant-1", SUPPORT).first_response.total_seconds() == 600
            await bot.send(bot.personal("aad-agent1", "", value={**submit, "first_response": "1m"}))
            refused = (await bot.connector.wait_for("reply", "a:chat-29:agent1"))[-1]
            assert "Nothing was saved" in refused.text
    run(scenario())


def test_edits_and_deletions_of_channel_messages_reach_the_engine(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_teams(tmp_path, monkeypatch, first_response="1h") as bot:
            root = bot.next_id()
            await bot.send(bot.channel_post("aad-cust", "Export is broken", activity_id=root))
            reply_id = bot.next_id()
            await bot.send(bot.reply("aad-agent1", "Looking into it.", root, activity_id=reply_id))
            edited = bot.reply("aad-agent1", "We don't offer refunds on annual plans.", root, activity_id=reply_id,
                               activity_type="messageUpdate", channelData={
                                   "tenant": {"id": "tenant-1"}, "channel": {"id": SUPPORT}, "eventType": "editMessage"})
            assert (await bot.send(edited))[0] in (200, 201)
            await bot.connector.wait_for("send", "a:chat-29:agent1")  # the edited text earned a note
            gone = bot.channel_post("aad-cust", "Also the invoices page is blank")
            await bot.send(gone)
            delete = {**gone, "type": "messageDelete", "channelData": {**gone["channelData"],
                                                                       "eventType": "softDeleteMessage"}}
            assert (await bot.send(delete))[0] in (200, 201)
            queue = bot.engine.command(_queue_as_lead(bot)).text
            assert "#1" in queue and "#2" not in queue
    run(scenario())


async def _posted_ids(bot) -> list[str]:
    posted = bot.engine.posted_reminders("tenant-1", 1)
    return [ref for _, ref, _ in posted]
