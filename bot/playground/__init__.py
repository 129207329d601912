"""The local playground: a third chat adapter, served as a web page, for trying the bot without Slack or Teams."""
