-- /events in a chat lists that chat's newest events: search them by chat, newest id first, instead of reading the
-- whole event log. EventLog.ListSql writes only the filters that are set, so SQLite uses this index (and 0007's
-- session and project indexes) rather than scanning the table.
CREATE INDEX ix_control_events_chat ON control_events (chat_id, id);
