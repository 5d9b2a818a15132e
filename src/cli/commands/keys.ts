import { parseArgs } from 'node:util';
import { decodeKey, loadConfig } from '../../config';
import { openDatabase } from '../../connections';
import { createLogger } from '../../logger';
import { rotateEncryptionKey, TokenCipherError } from '../../services/keyRotation';
import { CliError } from '../errors';

const usage =
  'usage: weaver keys rotate --new-key KEY   (WEAVER_ENCRYPTION_KEY must hold the current key; KEY: openssl rand -base64 32)';

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'new-key': { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return;
  }
  if (parsed.positionals[0] !== 'rotate') throw new CliError(usage);
  const newKey = parsed.values['new-key'] ? decodeKey(parsed.values['new-key']) : null;
  if (!newKey) throw new CliError(`--new-key must be 32 bytes as 64 hex characters or base64\n${usage}`);
  const config = loadConfig(process.env, 'database');
  if (!config.encryptionKey)
    throw new CliError('WEAVER_ENCRYPTION_KEY is not set: it must hold the current key to decrypt the stored tokens');
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const { rows, alreadyRotated } = await rotateEncryptionKey(db.knex, config.encryptionKey, newKey);
    console.log(
      `Re-encrypted ${rows} installation(s)${alreadyRotated ? ` (${alreadyRotated} already used the new key)` : ''}. Now set WEAVER_ENCRYPTION_KEY to the new key and restart every replica.`,
    );
  } catch (err) {
    if (err instanceof TokenCipherError) throw new CliError(`nothing changed: ${err.message}`);
    throw err;
  } finally {
    await db.close();
  }
}
