-- A grant made by a group's Telegram administrator counts only in that group (scope_chat_id); one made by an admin
-- from the configuration counts everywhere (NULL). Grants made before this migration keep counting everywhere.
ALTER TABLE access_grants ADD COLUMN scope_chat_id INTEGER NULL;
