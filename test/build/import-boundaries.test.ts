import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

/**
 * The lint boundaries as the project's eslint.config.js states them, run on code that breaks them
 * (lintText with a path: no file is written). A deleted or loosened rule fails here, not in review.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('src-main reaches src-server only through its entry', () => {
  test('a deep src-server path is refused in core and in the electron shell, with the reason', async () => {
    for (const path of ['src-main/core/zz-probe.ts', 'src-main/electron/zz-probe.ts']) {
      const messages = await restrictedImports(
        path,
        `import type { TeamDatabase } from '../../src-server/store/types';\nexport type T = TeamDatabase;\n`,
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("only through its public entry ('src-server'");
      expect(messages[0]).toContain('src-shared/sync');
    }
  });

  test('the entry itself and the shared wire protocol are allowed', async () => {
    const messages = await restrictedImports(
      'src-main/core/zz-probe.ts',
      [
        "import { startServer } from '../../src-server';",
        "import type { WireDoc } from '../../src-shared/sync/protocol';",
        'export const probe = (doc: WireDoc) => [startServer, doc];',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });

  test("the electron shell may still import 'electron'", async () => {
    const messages = await restrictedImports(
      'src-main/electron/zz-probe.ts',
      "import { app } from 'electron';\nexport const probe = app;\n",
    );
    expect(messages).toEqual([]);
  });

  test('the rest of src-main may not (a value import of electron)', async () => {
    const messages = await restrictedImports(
      'src-main/core/zz-probe.ts',
      "import { app } from 'electron';\nexport const probe = app;\n",
    );
    expect(messages).toHaveLength(1);
  });
});
