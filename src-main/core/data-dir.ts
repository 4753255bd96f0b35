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
