/**
 * Encrypts secrets at rest (bot tokens, Bolt installation objects) with AES-256-GCM under
 * WEAVER_ENCRYPTION_KEY. Ciphertext format, all one string so it fits a text column:
 *
 *   v1:<key id>:<iv, base64>:<auth tag, base64>:<ciphertext, base64>
 *
 * `v1` lets a later format coexist with this one; the key id (first 8 hex characters of
 * SHA-256 of the key) tells which key sealed a value, so `weaver keys rotate` and error messages
 * can say "this was sealed with another key" instead of a bare GCM failure. GCM's tag makes any
 * tampering fail loudly (NIST SP 800-38D; 96-bit random IVs, at most 2^32 per key).
 * No I/O, no logging: callers decide what to do with a failure, and never log the plaintext.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const TAG_BYTES = 16;

export class TokenCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCipherError';
  }
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export interface TokenCipher {
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** True when `sealed` was sealed with this cipher's key (used by key rotation). */
  sealedByThisKey(sealed: string): boolean;
}

export function tokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new TokenCipherError('the encryption key must be 32 bytes (AES-256)');
  const id = keyId(key);
  return {
    keyId: id,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(
        ':',
      );
    },
    open(sealed) {
      const parts = sealed.split(':');
      if (parts.length !== 5 || parts[0] !== VERSION)
        throw new TokenCipherError('not a Weaver ciphertext (expected v1:…)');
      const [, sealedKeyId, iv, tag, ct] = parts;
      if (sealedKeyId !== id) {
        throw new TokenCipherError(
          `sealed with another key (${sealedKeyId}, this key is ${id}): run weaver keys rotate with the old key set`,
        );
      }
      try {
        // authTagLength pins the tag to GCM's full 16 bytes: without it Node accepts a tag cut to
        // 4 bytes, which an attacker can forge with about 2^32 tries.
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenCipherError('ciphertext failed authentication (tampered or corrupted)');
      }
    },
    sealedByThisKey(sealed) {
      return sealed.split(':')[1] === id;
    },
  };
}
