import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Creditdesk keeps its database when nothing else is said: CREDITDESK_DATA_DIR wins (tests,
 * several profiles on one machine), then the platform's usual place for per-user application data.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CREDITDESK_DATA_DIR) return env.CREDITDESK_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Creditdesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Creditdesk');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'creditdesk');
}

/**
 * A folder only this user can open: created 0700, and tightened when an older version left it
 * readable by others. POSIX only; on Windows the profile folder's ACL protects it.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
}
