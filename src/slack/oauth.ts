/**
 * OAuth distribution settings: where Slack sends people to install and back, and the bot scopes
 * requested (the same list as manifest.yml's oauth_config.scopes.bot; keep them equal).
 */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export const BOT_SCOPES = [
  'channels:read',
  'channels:history',
  'channels:join',
  'groups:read',
  'reactions:read',
  'users:read',
  'users:read.email',
  'users.profile:read',
  'team:read',
  'im:write',
  'im:history',
  'mpim:write',
  'mpim:history',
  'chat:write',
  'commands',
  'files:write',
];
