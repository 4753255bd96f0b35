import { safeStorage } from 'electron';
import { fileSecretStore, type SecretStore } from '../core/secrets';

/**
 * The sync token encrypted with the OS keychain. On Linux without a keyring Electron falls back to
 * a hard-coded key ("basic_text"); the store then reports that kind so Settings can warn the user.
 */
export function keychainSecretStore(dataDir: string): SecretStore {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'keychain';
  const kind = !safeStorage.isEncryptionAvailable() || backend === 'basic_text' ? 'basic_text' : 'keychain';
  return fileSecretStore(
    dataDir,
    {
      kind,
      encode: (plain) => safeStorage.encryptString(plain),
      decode: (stored) => safeStorage.decryptString(stored),
    },
    'sync-token.enc',
  );
}
