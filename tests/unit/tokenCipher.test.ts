import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { TokenCipherError, tokenCipher } from '../../src/security/tokenCipher';

describe('tokens encrypted at rest', () => {
  const key = randomBytes(32);
  const cipher = tokenCipher(key);

  it('seals a token into a versioned string that does not contain it, and opens it again', () => {
    const sealed = cipher.seal('xoxb-1234-secret');
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:[^:]+:[^:]+:[^:]+$/);
    expect(sealed).not.toContain('secret');
    expect(cipher.open(sealed)).toBe('xoxb-1234-secret');
  });

  it('never seals the same token to the same ciphertext (random IV)', () => {
    expect(cipher.seal('xoxb-same')).not.toBe(cipher.seal('xoxb-same'));
  });

  it('refuses a tampered ciphertext', () => {
    const parts = cipher.seal('xoxb-1234-secret').split(':');
    const ct = Buffer.from(parts[4], 'base64');
    ct[0] ^= 1;
    parts[4] = ct.toString('base64');
    expect(() => cipher.open(parts.join(':'))).toThrow(TokenCipherError);
  });

  it('refuses a ciphertext whose authentication tag was cut short (a 4-byte tag is forgeable)', () => {
    const parts = cipher.seal('xoxb-1234-secret').split(':');
    for (const bytes of [4, 8, 12, 15]) {
      const cut = [...parts];
      cut[3] = Buffer.from(parts[3], 'base64').subarray(0, bytes).toString('base64');
      expect(() => cipher.open(cut.join(':'))).toThrow(TokenCipherError);
    }
  });

  it('says when a value was sealed with another key', () => {
    const other = tokenCipher(randomBytes(32));
    expect(() => other.open(cipher.seal('xoxb-x'))).toThrow(/another key/);
  });

  it('refuses to start in OAuth mode without WEAVER_ENCRYPTION_KEY', () => {
    const env = {
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'c',
      SLACK_STATE_SECRET: 'st',
    };
    expect(() => loadConfig(env, 'app')).toThrow(/WEAVER_ENCRYPTION_KEY: missing/);
    expect(loadConfig({ ...env, WEAVER_ENCRYPTION_KEY: key.toString('base64') }, 'app').slack.mode).toBe('oauth');
  });

  it('rejects an encryption key that is not 32 bytes', () => {
    expect(() =>
      loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', WEAVER_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'app'),
    ).toThrow(/WEAVER_ENCRYPTION_KEY: must be 32 bytes/);
  });

  it('reads the uninstall grace period and Slack retry settings, with safe defaults', () => {
    const base = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' };
    const c = loadConfig(base, 'app');
    expect([c.uninstallGraceDays, c.slack.retries, c.slack.timeoutMs]).toEqual([0, 5, 10_000]);
    expect(loadConfig({ ...base, WEAVER_UNINSTALL_GRACE_DAYS: '30' }, 'app').uninstallGraceDays).toBe(30);
    expect(() => loadConfig({ ...base, WEAVER_UNINSTALL_GRACE_DAYS: '-1' }, 'app')).toThrow(
      /WEAVER_UNINSTALL_GRACE_DAYS/,
    );
  });
});
