"""The Microsoft Teams adapter (botbuilder): every botbuilder import of the project lives in this package."""
