"""coachbot: times support tickets and privately coaches support agents in chat."""
