/**
 * Library debug output (Bolt, @slack/web-api, @slack/oauth) prints request bodies as strings,
 * which pino's key-based redaction cannot see: e.g. oauth.v2.access logs its client_secret. Every
 * string from those libraries passes through here before it reaches a log line.
 */
const SLACK_TOKEN = /\bxox[a-z]-[A-Za-z0-9-]+/g;
const APP_TOKEN = /\bxapp-[A-Za-z0-9-]+/g;
const SECRET_FIELD = /((?:client_secret|token|access_token|refresh_token|signing_secret)\\?"\s*:\s*\\?")[^"\\]*/gi;

export function secretScrubber(knownSecrets: Array<string | undefined>): (text: string) => string {
  const literals = knownSecrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return (text) => {
    let out = text
      .replace(SLACK_TOKEN, '[redacted-token]')
      .replace(APP_TOKEN, '[redacted-token]')
      .replace(SECRET_FIELD, '$1[redacted]');
    for (const s of literals) out = out.split(s).join('[redacted]');
    return out;
  };
}
