/**
 * What a command needs outside the running app: the database (embedded, or DATABASE_URL) and a
 * Slack Web API client for a token. The CLI reaches `db/` and `slack/` only through here, so a
 * command's bundle does not pull in the Bolt app (runtime.ts) just to open a connection.
 */
export { type Database, openDatabase } from './db';
export { webClient } from './slack/clients';
