import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-file';
import { newToken } from '../core/security/token';

const linkSchema = z.object({
  port: z.number().int().min(1).max(65535).nullable(),
  token: z.string().regex(/^[A-Za-z0-9_-]{40,128}$/),
});
export type BrowserLink = z.infer<typeof linkSchema>;

export const BROWSER_LINK_FILE = 'web-host.json';

/**
 * The web host's printed link, kept in the data folder (0600) so it stays the same across restarts:
 * an open tab reconnects after the app comes back, until the user rotates the token. A missing or
 * unreadable file gets a fresh token (the old link then stops working, which is the safe side).
 */
export class BrowserLinkStore {
  private readonly path: string;
  current: BrowserLink;

  constructor(dataDir: string) {
    this.path = join(dataDir, BROWSER_LINK_FILE);
    this.current = this.load() ?? { port: null, token: newToken() };
    this.save(this.current);
  }

  save(next: BrowserLink): void {
    writeFileAtomic(this.path, JSON.stringify(next, null, 2));
    this.current = next;
  }

  private load(): BrowserLink | null {
    try {
      return linkSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      return null;
    }
  }
}
