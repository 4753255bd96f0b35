import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermission,
  CONTENT_SECURITY_POLICY,
  externalLinkTarget,
  isAppUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../src-main/core/security/policy';
import { resolveStaticPath } from '../../src-main/core/security/static-files';

describe('app URLs', () => {
  it.each([
    ['app://creditdesk/index.html', true],
    ['app://creditdesk/', true],
    ['app://creditdesk.evil.com/index.html', false],
    ['app://creditdesk@evil.com/index.html', false],
    ['app://user:pw@creditdesk/index.html', false],
    ['app://evil.com/creditdesk', false],
    ['file:///etc/passwd', false],
    ['https://creditdesk/index.html', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['javascript:alert(1)', false],
    ['about:blank', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('external links', () => {
  it.each([
    ['https://docs.example.com/credits', 'https://docs.example.com/credits'],
    ['http://example.com', 'http://example.com/'],
    ['  https://example.com/a?b=c  ', 'https://example.com/a?b=c'],
    ['https://user:pass@example.com/', null],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['file:///C:/Windows/system32/calc.exe', null],
    ['smb://attacker/share', null],
    ['ms-msdt:/id PCWDiagnostic', null],
    ['vscode://file/etc/passwd', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['app://creditdesk/index.html', null],
    ['//evil.com', null],
    ['https://' + 'a'.repeat(3000) + '.com', null],
  ])('%s → %s', (url, expected) => {
    expect(externalLinkTarget(url)).toBe(expected);
  });
});

describe('senders, navigation and permissions', () => {
  it.each([
    [{ url: 'app://creditdesk/index.html', isMainFrame: true }, true],
    [{ url: 'app://creditdesk/index.html', isMainFrame: false }, false],
    [{ url: 'https://evil.com/', isMainFrame: true }, false],
    [{ url: 'app://creditdesk.evil.com/', isMainFrame: true }, false],
    [{ url: 'file:///tmp/x.html', isMainFrame: true }, false],
    [null, false],
    [undefined, false],
  ])('sender %j trusted: %s', (sender, expected) => {
    expect(isTrustedSender(sender)).toBe(expected);
  });

  it('never navigates and grants no permission but notifications (credit alerts)', () => {
    expect(allowNavigation('app://creditdesk/index.html', 'app://creditdesk/other.html')).toBe(false);
    expect(allowNavigation('app://creditdesk/index.html', 'https://evil.com/')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'usb', 'notifications ']) {
      expect(allowPermission(p)).toBe(false);
    }
    expect(allowPermission('notifications')).toBe(true);
  });

  it('isolates every window', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('has a strict content security policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('static file paths', () => {
  const root = '/srv/renderer';
  it.each([
    ['/', '/srv/renderer/index.html'],
    ['/index.html', '/srv/renderer/index.html'],
    ['/assets/app.js', '/srv/renderer/assets/app.js'],
    ['/assets/app.js?v=1', '/srv/renderer/assets/app.js'],
    ['/../etc/passwd', null],
    ['/assets/../../etc/passwd', null],
    ['/%2e%2e/etc/passwd', null],
    ['/%2E%2E%2Fetc%2Fpasswd', null],
    ['/..%5c..%5cwindows', null],
    ['/assets%00.js', null],
    ['/%E0%A4%A', null],
    ['/a/' + 'b'.repeat(2000), null],
  ])('%s → %s', (path, expected) => {
    expect(resolveStaticPath(root, path)).toBe(expected);
  });
});
