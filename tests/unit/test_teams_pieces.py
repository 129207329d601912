"""The Teams adapter's small parts: markup, request rules, activity translation, and the upload package."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import pytest
from botbuilder.schema import Activity
from hypothesis import given
from hypothesis import strategies as st

from bot.settings import ConfigError
from bot.teams import translate
from bot.teams.markup import to_teams
from bot.teams.package import build
from bot.teams.settings import TeamsSettings, is_loopback

PEOPLE = {"aad-1": ("29:one", "Ana")}


def convert(text: str):
    return to_teams(text, PEOPLE.get, lambda c: "support")


def test_markup_becomes_teams_markdown_with_real_mentions():
    result = convert("*Ticket #4* in <#19:x@thread.tacv2> for <@aad-1> and <@aad-9>: <https://t.example/m|open>")
    assert result.text == "**Ticket #4** in **support** for <at>Ana</at> and a teammate: [open](https://t.example/m)"
    assert result.mentions == [{"type": "mention", "text": "<at>Ana</at>", "mentioned": {"id": "29:one", "name": "Ana"}}]


def test_user_text_cannot_become_a_link_or_markup():
    typed = "I don't know the command “[win](https://evil.example) &lt;at&gt;Ana&lt;/at&gt;”"
    result = convert(typed)
    assert "](https://evil" not in result.text and not result.mentions
    assert "<at>Ana</at>" in result.text  # shown as typed, but no mention entity: nobody is pinged


@given(st.text(max_size=200))
def test_any_text_converts_without_error_and_only_known_people_are_mentioned(text):
    result = convert(text)
    assert all(m["mentioned"]["id"] == "29:one" for m in result.mentions)


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                           ("0.0.0.0", False), ("10.0.0.5", False), ("example.com", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_without_credentials_the_bot_stays_local_and_calls_only_local_or_trusted_services(monkeypatch):
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="loopback"):
        TeamsSettings.from_env("0.0.0.0")
    assert TeamsSettings.from_env("0.0.0.0", allow_anonymous=True)
    monkeypatch.setenv("COACHBOT_TRUSTED_SERVICE_URLS", "https://smba.trafficmanager.net/emea/")
    local = TeamsSettings.from_env("127.0.0.1")
    assert local.may_call("http://127.0.0.1:4000/") and local.may_call("https://smba.trafficmanager.net/emea")
    assert not local.may_call("https://attacker.example.com/") and not local.may_call("file:///etc/passwd")


def test_credentials_must_be_complete(monkeypatch):
    monkeypatch.setenv("MicrosoftAppId", "11111111-2222-3333-4444-555555555555")
    monkeypatch.delenv("MicrosoftAppPassword", raising=False)
    monkeypatch.delenv("MicrosoftAppTenantId", raising=False)
    with pytest.raises(ConfigError, match="MicrosoftAppTenantId"):
        TeamsSettings.from_env("0.0.0.0")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant")
    with pytest.raises(ConfigError, match="MicrosoftAppPassword"):
        TeamsSettings.from_env("0.0.0.0")
    monkeypatch.setenv("MicrosoftAppPassword", "secret")
    assert "secret" not in repr(TeamsSettings.from_env("0.0.0.0"))


def _activity(conversation: str, activity_id: str, text: str, mention: bool = False) -> Activity:
    body = {"type": "message", "id": activity_id, "text": text, "recipient": {"id": "28:bot"},
            "from": {"id": "29:x", "aadObjectId": "aad-x"},
            "conversation": {"id": conversation, "conversationType": "channel"},
            "channelData": {"tenant": {"id": "t1"}, "channel": {"id": "19:c@thread.tacv2"}}}
    if mention:
        body["entities"] = [{"type": "mention", "text": "<at>Coach</at>", "mentioned": {"id": "28:bot"}}]
    return Activity().deserialize(body)


def test_posts_and_replies_map_to_the_engines_threads():
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    post = _activity("19:c@thread.tacv2;messageid=100", "100", "<p>Export &amp; import fail</p>")
    reply = _activity("19:c@thread.tacv2;messageid=100", "101", "<at>Coach</at> own", mention=True)
    posted, replied = (translate.message(a, translate.where(a), now) for a in (post, reply))
    assert (posted.workspace, posted.channel, posted.user, posted.thread_ts) == ("t1", "19:c@thread.tacv2", "aad-x", None)
    assert posted.text == "Export & import fail"
    assert replied.thread_ts == "100" and replied.text == "own" and translate.mentions_bot(reply)


def test_the_upload_package_names_the_app_and_carries_the_icons(tmp_path):
    app_id = "11111111-2222-3333-4444-555555555555"
    out = build(app_id, "bot.example.com", tmp_path / "app.zip", version="1.2.3")
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["id"] == manifest["bots"][0]["botId"] == manifest["webApplicationInfo"]["id"] == app_id
    assert manifest["version"] == "1.2.3" and sorted(manifest["bots"][0]["scopes"]) == ["personal", "team"]
    rsc = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert {"name": "ChannelMessage.Read.Group", "type": "Application"} in rsc
    with pytest.raises(ConfigError):
        build("not-a-guid", "bot.example.com", tmp_path / "x.zip")
