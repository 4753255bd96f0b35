import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import type { SetupView } from '../../../src-shared/api/settings';

export const SETUP_FILE_NAME = 'setup.json';

/**
 * Whether this machine went through the first-run set-up. Kept per machine in the data folder:
 * the choices themselves (tier, billing day, sync) live where they always do.
 */
export class SetupState {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly now: () => number,
  ) {
    this.path = join(dataDir, SETUP_FILE_NAME);
  }

  view(): SetupView {
    try {
      const stored = JSON.parse(readFileSync(this.path, 'utf8')) as { completedAt?: unknown };
      const at = typeof stored.completedAt === 'number' ? stored.completedAt : null;
      return { needed: at === null, completedAt: at };
    } catch {
      // Missing (a new data folder) or unreadable: offering the set-up again loses nothing.
      return { needed: true, completedAt: null };
    }
  }

  complete(): SetupView {
    const completedAt = this.now();
    writeFileAtomic(this.path, JSON.stringify({ completedAt }));
    return { needed: false, completedAt };
  }
}
