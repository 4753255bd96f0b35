import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

/**
 * Where the sync token lives. The Electron shell provides one backed by the OS keychain
 * (safeStorage); the web host, which has no keychain, keeps it in a 0600 file and says so.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'basic_text' | 'file';
  get(): Promise<string | null>;
  set(value: string | null): Promise<void>;
}

export interface SecretCodec {
  kind: 'keychain' | 'basic_text' | 'file';
  encode(plain: string): Buffer;
  decode(stored: Buffer): string;
}

/** A secret kept in one file of the data folder, passed through `codec` (encryption, when there is one). */
export function fileSecretStore(
  dataDir: string,
  codec: SecretCodec = plainCodec,
  name = 'sync-token',
): SecretStore {
  const path = join(dataDir, name);
  return {
    kind: codec.kind,
    async get() {
      try {
        return codec.decode(Buffer.from(readFileSync(path, 'utf8'), 'base64'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new Error(
          `The stored sync token could not be read (${(error as Error).message}); set it again in Settings.`,
        );
      }
    },
    async set(value) {
      if (value === null) {
        try {
          unlinkSync(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        return;
      }
      writeFileAtomic(path, codec.encode(value).toString('base64'));
    },
  };
}

const plainCodec: SecretCodec = {
  kind: 'file',
  encode: (plain) => Buffer.from(plain, 'utf8'),
  decode: (stored) => stored.toString('utf8'),
};
