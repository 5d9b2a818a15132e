/**
 * Re-encrypts every stored secret (bot tokens, installation objects) from the current
 * WEAVER_ENCRYPTION_KEY to a new key, in one transaction: either all rows move or none.
 * Rows already sealed with the new key are left alone, so running it twice is safe.
 */
import type { Knex } from 'knex';
import { tokenCipher } from '../security/tokenCipher';
import { replaceSealedSecrets, sealedSecretsForUpdate } from '../store/installations';

/** What a key that cannot open the stored tokens throws (the CLI says "nothing changed"). */
export { TokenCipherError } from '../security/tokenCipher';

export async function rotateEncryptionKey(
  db: Knex,
  oldKey: Buffer,
  newKey: Buffer,
): Promise<{ rows: number; alreadyRotated: number }> {
  const from = tokenCipher(oldKey);
  const to = tokenCipher(newKey);
  return db.transaction(async (trx) => {
    let rows = 0;
    let alreadyRotated = 0;
    for (const row of await sealedSecretsForUpdate(trx)) {
      const reseal = (v: string | null): string | null =>
        v === null || to.sealedByThisKey(v) ? v : to.seal(from.open(v));
      const next = {
        id: row.id,
        bot_token_enc: reseal(row.bot_token_enc),
        installation_enc: reseal(row.installation_enc),
      };
      if (next.bot_token_enc === row.bot_token_enc && next.installation_enc === row.installation_enc)
        alreadyRotated += 1;
      else {
        await replaceSealedSecrets(trx, next);
        rows += 1;
      }
    }
    return { rows, alreadyRotated };
  });
}
