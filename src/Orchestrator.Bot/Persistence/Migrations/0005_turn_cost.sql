-- What a turn cost in US dollars, when the engine reports it (Claude Code does; Codex does not).
ALTER TABLE turns ADD COLUMN cost_usd REAL NULL;
