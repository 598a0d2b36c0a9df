import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scryptSync,
} from 'crypto';

const PREFIX = 'v1:';

/** AES-256-GCM with a key derived from the configured secret. */
export class MappingCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) {
      throw new Error(
        'awoooi.privacy.encryptionKey must be at least 32 characters',
      );
    }
    this.key = scryptSync(secret, 'awoooi.privacy.mapping', 32);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return (
      PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
    );
  }

  decrypt(ciphertext: string): string {
    if (!ciphertext.startsWith(PREFIX))
      throw new Error('Unknown mapping format');
    const raw = Buffer.from(ciphertext.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key,
      raw.subarray(0, 12),
    );
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([
      decipher.update(raw.subarray(28)),
      decipher.final(),
    ]).toString('utf8');
  }
}
