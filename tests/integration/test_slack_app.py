"""The Slack app end to end: real Bolt over real HTTP with signed requests, a fake Web API at the edge."""
from __future__ import annotations

import asyncio
import json
import time

from sqlalchemy.exc import OperationalError

from bot.slack import blocks
from tests.integration.slack_harness import running_bot


def run(coroutine) -> None:
    asyncio.run(coroutine)


def test_customer_request_gets_a_team_reminder_and_a_vague_reply_a_private_nudge(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            response = await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", root))
            assert response.status == 200
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert "Ticket #1" in reminder["text"] and "<@U0AGENT1>" in reminder["text"]
            action_ids = [e["action_id"] for b in reminder["blocks"] if b["type"] == "actions" for e in b["elements"]]
            assert action_ids == [blocks.TAKE, blocks.SNOOZE, blocks.RESOLVE]
            assert any("archives/C0SUPPORT" in str(b) for b in reminder["blocks"])

            reply = f"{time.time():.6f}"
            await bot.event(bot.message("U0AGENT1", "I'll look into it and get back to you", reply, thread_ts=root))
            (nudge,) = await bot.slack.wait_for("chat.postEphemeral")
            assert (nudge["user"], nudge["channel"], nudge["thread_ts"]) == ("U0AGENT1", "C0SUPPORT", root)
            assert "Give a time" in nudge["text"]
            assert not [p for m, p in bot.slack.calls if m == "chat.postMessage" and p.get("channel") == "C0SUPPORT"]
    run(scenario())


def test_retries_and_duplicate_events_change_nothing(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Export is failing", root), event_id="EvA")
            reply = bot.message("U0AGENT1", "We don't offer refunds on annual plans.", f"{time.time():.6f}", thread_ts=root)
            await bot.event(reply, event_id="EvB")
            await bot.slack.wait_for("chat.postEphemeral")
            assert (await bot.event(reply, event_id="EvB", retry=1)).status == 200
            await bot.event(reply, event_id="EvB2")  # the same post delivered as a second event
            await asyncio.sleep(1.0)
            assert len(bot.slack.called("chat.postEphemeral")) == 1
            assert len(bot.slack.called("chat.postMessage", channel="C0TEAM")) <= 1
    run(scenario())


def test_an_event_is_answered_only_once_committed_so_a_database_failure_is_redelivered(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Export is failing", root), event_id="EvA")
            reply = bot.message("U0AGENT1", "We don't offer refunds on annual plans.", f"{time.time():.6f}", thread_ts=root)
            real = bot.engine.handle_batch

            def database_away(incoming):
                raise OperationalError("INSERT", {}, ConnectionError("database is away"))
            monkeypatch.setattr(bot.engine, "handle_batch", database_away)
            failed = await bot.event(reply, event_id="EvB")
            assert failed.status == 500 and "Traceback" not in await failed.text()
            monkeypatch.setattr(bot.engine, "handle_batch", real)
            assert (await bot.event(reply, event_id="EvB", retry=1)).status == 200  # Slack's redelivery
            await bot.slack.wait_for("chat.postEphemeral")
            await asyncio.sleep(0.5)
            assert len(bot.slack.called("chat.postEphemeral")) == 1
    run(scenario())


def test_bad_or_stale_signatures_are_rejected_and_change_nothing(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            event = bot.message("U0CUST", "Export is failing", f"{time.time():.6f}")
            assert (await bot.event(event, secret="wrong-secret")).status == 401
            await asyncio.sleep(2.5)
            assert not bot.slack.called("chat.postMessage")
    run(scenario())


def test_nudge_falls_back_to_a_direct_message_when_the_agent_is_not_in_the_channel(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            bot.slack.not_in_channel.add("U0AGENT2")
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Can I get a refund?", root))
            await bot.event(bot.message("U0AGENT2", "Nope, can't do refunds.", f"{time.time():.6f}", thread_ts=root))
            (dm,) = await bot.slack.wait_for("chat.postMessage", channel="U0AGENT2")
            assert "Create options" in dm["text"]
    run(scenario())


def test_bystanders_from_the_home_organisation_open_no_ticket_but_guests_do(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            await bot.event(bot.message("U0COLLEAGUE", "Is the office open on Friday?", f"{time.time():.6f}"))
            await bot.event(bot.message("U0GUEST", "Where do I find my invoices?", f"{time.time():.6f}"))
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            await asyncio.sleep(2.5)
            assert len(bot.slack.called("chat.postMessage", channel="C0TEAM")) == 1 and "#1" in reminder["text"]
    run(scenario())


def test_slash_commands_answer_privately_with_permissions(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            await bot.event(bot.message("U0CUST", "Export is failing", f"{time.time():.6f}"))
            await asyncio.sleep(0.3)
            assert (await bot.command("U0AGENT1", "own #1")).status == 200
            (owned,) = await bot.slack.wait_for("response_url")
            assert owned["response_type"] == "ephemeral" and "own ticket #1" in owned["text"]
            await bot.command("U0CUST", "queue")
            refused = (await bot.slack.wait_for("response_url", count=2))[-1]
            assert "staff" in refused["text"] and "#1" not in refused["text"]
            await bot.command("U0AGENT1", "frobnicate")
            helped = (await bot.slack.wait_for("response_url", count=3))[-1]
            assert "/coach queue" in helped["text"]
    run(scenario())


def test_reminder_buttons_act_on_the_ticket(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            await bot.event(bot.message("U0CUST", "Export is failing", f"{time.time():.6f}"))
            await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert (await bot.button("U0AGENT2", blocks.TAKE, "1")).status == 200
            (taken,) = await bot.slack.wait_for("response_url")
            assert "own ticket #1" in taken["text"]
            await bot.command("U0AGENT2", "queue")
            queue = (await bot.slack.wait_for("response_url", count=2))[-1]
            assert "<@U0AGENT2>" in queue["text"]
    run(scenario())


def test_health_endpoint(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            async with bot.session.get(f"{bot.url}/healthz") as response:
                assert response.status == 200 and (await response.json()) == {"ok": True}
    run(scenario())


def test_message_shortcuts_work_in_threads(tmp_path, monkeypatch):
    from tests.integration.slack_harness import shortcut_payload, view_submission

    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", root))
            await asyncio.sleep(0.5)  # Bolt acks first and stores the message just after
            reply = {"ts": f"{time.time():.6f}", "thread_ts": root, "user": "U0CUST", "text": "any news?"}
            respond = f"{bot.slack.url}/respond/shortcut"
            await bot.form(shortcut_payload("take_ownership", "U0AGENT1", reply, respond))
            (taken,) = await bot.slack.wait_for("response_url")
            assert "own ticket #1" in taken["text"]
            draft = {"ts": f"{time.time():.6f}", "user": "U0AGENT2", "text": "We can't do that, sorry. Not my department."}
            await bot.form(shortcut_payload("coach_me", "U0AGENT2", draft, respond))
            coached = (await bot.slack.wait_for("response_url", count=2))[-1]
            assert "Take ownership" in coached["text"] and coached["response_type"] == "ephemeral"
            await bot.form(shortcut_payload("snooze_ticket", "U0AGENT1", reply, respond))
            (dialog,) = await bot.slack.wait_for("views.open")
            view = json.loads(dialog["view"]) if isinstance(dialog["view"], str) else dialog["view"]
            (block,) = view["blocks"]
            assert [o["value"] for o in block["element"]["options"]] == ["15m", "30m", "1h", "2h", "4h", "1d"]
            assert block["element"]["initial_option"]["value"] == "30m"
            await bot.form(view_submission("U0AGENT1", view, {block["block_id"]: {"value": {
                "type": "static_select", "selected_option": {"value": "2h"}}}}))
            assert bot.last_body in (b"", b"{}") or b"errors" not in bot.last_body
            (snoozed,) = await bot.slack.wait_for("chat.postEphemeral", user="U0AGENT1")
            assert "#1" in snoozed["text"] and "2h" in snoozed["text"].replace(" hours", "h")
            stranger = dict(view, private_metadata=json.dumps({"channel": "C0SUPPORT", "ts": "1.0"}))
            await bot.form(view_submission("U0AGENT1", stranger, {block["block_id"]: {"value": {
                "type": "static_select", "selected_option": {"value": "1h"}}}}))
            assert b"errors" in bot.last_body  # not a ticket: shown in the dialog, nothing snoozed
            await bot.form(shortcut_payload("mark_resolved", "U0AGENT1", reply, respond))
            resolved = (await bot.slack.wait_for("response_url", count=3))[-1]
            assert "resolved" in resolved["text"]
    run(scenario())


def test_joining_a_team_channel_introduces_the_bot_and_archiving_pauses_a_support_channel(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            await bot.event({"type": "member_joined_channel", "user": "U0BOT", "channel": "C0TEAM",
                             "inviter": "U0LEAD", "event_ts": f"{time.time():.6f}"})
            (notice,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert "<#C0SUPPORT>" in notice["text"] and "never message text" in notice["text"]
            await bot.slack.wait_for("chat.postMessage", channel="U0LEAD")
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", f"{time.time():.6f}"))
            await asyncio.sleep(0.3)
            await bot.event({"type": "channel_archived", "channel": "C0SUPPORT", "user": "U0LEAD",
                             "event_ts": f"{time.time():.6f}"})
            told = await bot.slack.wait_for("chat.postMessage", count=2, channel="U0LEAD")
            assert "archived" in told[-1]["text"]
            await asyncio.sleep(2.5)
            assert len(bot.slack.called("chat.postMessage", channel="C0TEAM")) == 1  # the ticket's reminder was stopped
    run(scenario())


def test_reminder_is_updated_in_place_when_the_ticket_is_claimed_and_resolved(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", root))
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            await bot.event({"type": "reaction_added", "user": "U0AGENT2", "reaction": "raised_hand::skin-tone-2",
                             "item": {"type": "message", "channel": "C0SUPPORT", "ts": root}, "event_ts": f"{time.time():.6f}"})
            (claimed,) = await bot.slack.wait_for("chat.update")
            assert claimed["channel"] == "C0TEAM" and "<@U0AGENT2> owns ticket #1" in claimed["text"]
            assert not any(b["type"] == "actions" for b in claimed["blocks"])
            await bot.command("U0AGENT2", "resolve #1")
            resolved = (await bot.slack.wait_for("chat.update", count=2))[-1]
            assert "resolved by <@U0AGENT2>" in resolved["text"] and reminder["text"] in resolved["text"]
    run(scenario())


def test_app_home_shows_my_tickets_and_for_leads_the_team(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", root))
            await bot.event(bot.message("U0AGENT1", "I'll look into it and get back to you", f"{time.time():.6f}", thread_ts=root))
            await bot.slack.wait_for("chat.postEphemeral")
            await asyncio.sleep(0.5)  # the customer's event may still be waiting on users.info
            await bot.event({"type": "app_home_opened", "user": "U0AGENT1", "tab": "home", "event_ts": f"{time.time():.6f}"})
            (agent_home,) = await bot.slack.wait_for("views.publish", user_id="U0AGENT1")
            text = json.dumps(agent_home["view"])
            assert "#1" in text and "Give a time" in text and "Team queue" not in text
            await bot.event({"type": "app_home_opened", "user": "U0LEAD", "tab": "home", "event_ts": f"{time.time():.6f}"})
            (lead_home,) = await bot.slack.wait_for("views.publish", user_id="U0LEAD")
            text = json.dumps(lead_home["view"])
            assert "Team queue (1)" in text and "<@U0AGENT1>: 1 ticket" in text
            assert "nightly export" not in text
    run(scenario())


def test_start_up_checks_tell_the_leads_about_channels_without_the_bot(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch, channels_without_bot={"C0TEAM"}) as bot:
            (told,) = await bot.slack.wait_for("chat.postMessage", channel="U0LEAD")
            assert "<#C0TEAM>" in told["text"] and "not a member" in told["text"]
            assert "<#C0SUPPORT>" not in told["text"]
    run(scenario())


def test_settings_modal_opens_for_leads_and_saves_validated_changes(tmp_path, monkeypatch):
    from datetime import timedelta

    from tests.integration.slack_harness import settings_submission

    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch) as bot:
            await bot.command("U0AGENT1", "settings")
            refused = await bot.slack.wait_for("response_url")
            assert "leads" in refused[0]["text"] and not bot.slack.called("views.open")
            await bot.command("U0LEAD", "settings")
            (opened,) = await bot.slack.wait_for("views.open")
            view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
            inputs = {b["block_id"]: b["element"] for b in view["blocks"]}
            assert inputs["first_response"]["initial_value"] == "2s" and inputs["agents"]["initial_users"] == ["U0AGENT1", "U0AGENT2"]
            good = {"watched": {"type": "checkboxes", "selected_options": [{"value": "on"}]},
                    "agents": {"type": "multi_users_select", "selected_users": ["U0AGENT1"]},
                    "team_channel": {"type": "conversations_select", "selected_conversation": "C0TEAM"},
                    "first_response": {"type": "plain_text_input", "value": "10m"},
                    "daily_tip": {"type": "plain_text_input", "value": "10:15"}}
            bad = dict(good, first_response={"type": "plain_text_input", "value": "whenever"})
            assert (await bot.form(settings_submission("U0LEAD", "C0SUPPORT", bad))).status == 200
            answer = json.loads(bot.last_body)
            assert answer["response_action"] == "errors" and "first_response" in answer["errors"]
            assert (await bot.form(settings_submission("U0LEAD", "C0SUPPORT", good))).status == 200
            saved = bot.engine.settings_of("T0TEST", "C0SUPPORT")
            assert saved.first_response == timedelta(minutes=10) and saved.agents == ("U0AGENT1",)
            assert saved.daily_tip.strftime("%H:%M") == "10:15"
            assert (await bot.form(settings_submission("U0AGENT2", "C0SUPPORT", bad | {
                "first_response": {"type": "plain_text_input", "value": "1m"}}))).status == 200
            assert "leads" in json.dumps(json.loads(bot.last_body)["errors"])
            assert bot.engine.settings_of("T0TEST", "C0SUPPORT").first_response == timedelta(minutes=10)
    run(scenario())


def test_socket_mode_receives_events_over_a_websocket_and_acks_them(tmp_path, monkeypatch):
    async def scenario() -> None:
        monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test-token")
        async with running_bot(tmp_path, monkeypatch) as bot:
            root = f"{time.time():.6f}"
            body = {"token": "x", "team_id": "T0TEST", "api_app_id": "A0APP", "type": "event_callback", "event_id": "EvS1",
                    "event_time": int(time.time()), "event": bot.message("U0CUST", "Could you check our nightly export?", root)}
            await bot.slack.push({"envelope_id": "env-1", "type": "events_api", "payload": body,
                                  "accepts_response_payload": False, "retry_attempt": 0, "retry_reason": ""})
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert "Ticket #1" in reminder["text"]
            assert {"envelope_id": "env-1"}.items() <= bot.slack.socket_acks[0].items()
            assert bot.slack.called("apps.connections.open")
    run(scenario())


def test_undeliverable_reminders_are_parked_and_reported_to_the_leads(tmp_path, monkeypatch):
    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch, channels_without_bot={"C0TEAM"}) as bot:
            await bot.slack.wait_for("chat.postMessage", channel="U0LEAD")  # the start-up check
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", f"{time.time():.6f}"))
            told = await bot.slack.wait_for("chat.postMessage", count=2, channel="U0LEAD")
            assert "first response reminder for ticket #1" in told[-1]["text"] and "not_in_channel" in told[-1]["text"]
            await asyncio.sleep(1.5)
            assert len(bot.slack.called("chat.postMessage", channel="C0TEAM")) == 1  # parked, not retried
    run(scenario())


def test_oauth_install_stores_the_workspace_token_and_uses_it(tmp_path, monkeypatch):
    import re

    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch, oauth=True) as bot:
            async with bot.session.get(f"{bot.url}/slack/install") as response:
                page = await response.text()
                cookie = response.headers["Set-Cookie"].split(";", 1)[0]  # Secure: a browser sends it back over https
            assert response.status == 200
            state = re.search(r"state=([\w-]+)", page).group(1)
            redirect = f"{bot.url}/slack/oauth_redirect?code=abc&state={state}"
            async with bot.session.get(redirect, headers={"Cookie": cookie}) as callback:
                assert callback.status == 200
            assert bot.slack.called("oauth.v2.access")
            async with bot.session.get(redirect, headers={"Cookie": cookie}) as replayed:
                assert replayed.status != 200  # a state works once
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", f"{time.time():.6f}"))
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert reminder["_auth"] == "Bearer xoxb-installed-token"
            await bot.event({"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"})
            await asyncio.sleep(0.5)
            from sqlalchemy import func, select

            from bot.store.models import SlackInstallation
            with bot.engine.ctx.database.session() as session:
                assert session.scalar(select(func.count()).select_from(SlackInstallation)) == 0
    run(scenario())


def test_each_installed_workspace_has_its_channels_checked_with_its_own_token(tmp_path, monkeypatch):
    import re

    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch, oauth=True, channels_without_bot={"C0TEAM"}) as bot:
            await asyncio.sleep(0.3)
            assert not bot.slack.called("conversations.info")  # nothing installed yet, nothing to check
            async with bot.session.get(f"{bot.url}/slack/install") as response:
                page, cookie = await response.text(), response.headers["Set-Cookie"].split(";", 1)[0]
            state = re.search(r"state=([\w-]+)", page).group(1)
            async with bot.session.get(f"{bot.url}/slack/oauth_redirect?code=abc&state={state}", headers={"Cookie": cookie}) as done:
                assert done.status == 200
            (told,) = await bot.slack.wait_for("chat.postMessage", channel="U0LEAD")
            assert "<#C0TEAM>" in told["text"] and told["_auth"] == "Bearer xoxb-installed-token"
            checks = bot.slack.called("conversations.info")
            assert {c["channel"] for c in checks} == {"C0SUPPORT", "C0TEAM"}
            assert {c["_auth"] for c in checks} == {"Bearer xoxb-installed-token"}
    run(scenario())


def test_enterprise_grid_org_wide_install_serves_its_workspaces(tmp_path, monkeypatch):
    import re

    async def scenario() -> None:
        async with running_bot(tmp_path, monkeypatch, oauth=True, grid=True) as bot:
            async with bot.session.get(f"{bot.url}/slack/install") as response:
                page, cookie = await response.text(), response.headers["Set-Cookie"].split(";", 1)[0]
            state = re.search(r"state=([\w-]+)", page).group(1)
            async with bot.session.get(f"{bot.url}/slack/oauth_redirect?code=abc&state={state}", headers={"Cookie": cookie}) as done:
                assert done.status == 200
            root = f"{time.time():.6f}"
            await bot.event(bot.message("U0CUST", "Could you check why our nightly export did not run?", root), enterprise="E0ORG")
            (reminder,) = await bot.slack.wait_for("chat.postMessage", channel="C0TEAM")
            assert reminder["_auth"] == "Bearer xoxb-installed-token" and "Ticket #1" in reminder["text"]
            from sqlalchemy import select

            from bot.store.models import Ticket
            with bot.engine.ctx.database.session() as session:
                assert session.scalar(select(Ticket.workspace)) == "E0ORG/T0TEST"
    run(scenario())
