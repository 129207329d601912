"""The Slack adapter: Bolt listeners translate payloads into engine events and engine actions into Web API calls."""
