// Password reset tokens: 32 random bytes (base64url), looked up by their SHA-256. The e-mail job
// receives only the reset's id (payloads carry ids), so the token is also stored sealed with
// AES-256-GCM under a key derived from SECRET_KEY, its hash as associated data (a seal moved to
// another row does not open). The database alone therefore never yields a usable token.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface NewResetToken {
  /** Goes into the e-mail only. */
  token: string;
  hash: Buffer;
  sealed: Buffer;
}

export const hashResetToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** The sealing key for SECRET_KEY (HKDF with its own label, so it is never the key used elsewhere). */
export function resetTokenKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'ledgerline password-reset token v1', 32));
}

export function newResetToken(key: Buffer): NewResetToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const hash = hashResetToken(token);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(hash);
  const sealed = Buffer.concat([iv, cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { token, hash, sealed };
}

/** The token inside a seal, or null if it does not open (another SECRET_KEY, or tampered with). */
export function openResetToken(sealed: Buffer, hash: Buffer, key: Buffer): string | null {
  if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(hash);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const token = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    return hashResetToken(token).equals(hash) ? token : null;
  } catch {
    return null;
  }
}
