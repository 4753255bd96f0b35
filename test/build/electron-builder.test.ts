import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '../..');
interface Platform {
  target: string[];
  icon: string;
  hardenedRuntime?: boolean;
  entitlements?: string;
}
interface BuilderConfig {
  asar: boolean;
  files: string[];
  electronFuses: Record<string, boolean>;
  linux: Platform;
  mac: Platform;
  win: Platform;
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('sets every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds the three platforms with the required targets', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('signs macOS with the hardened runtime and minimal entitlements', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    const plist = readFileSync(join(root, config.mac.entitlements ?? 'missing'), 'utf8');
    for (const risky of [
      'allow-unsigned-executable-memory',
      'disable-library-validation',
      'allow-dyld-environment-variables',
      'get-task-allow',
    ]) {
      expect(plist).not.toContain(risky);
    }
  });

  it('ships only the build output, with its icons present', () => {
    expect(config.files).toContain('out/**');
    expect(config.files.some((f) => f.startsWith('src'))).toBe(false);
    for (const platform of ['linux', 'mac', 'win'] as const)
      expect(existsSync(join(root, config[platform].icon))).toBe(true);
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
  });
});
