/**
 * The desktop security decisions as pure functions, so they are tested under plain Node and the
 * Electron shell only wires them up. Everything defaults to "no".
 */

/** The custom scheme the app is served from (not file://, so the CSP and origin checks have a real origin). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'creditdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // The web host's API socket is same-origin (ws://127.0.0.1:port); Electron uses IPC, not the network.
  "connect-src 'self' ws://127.0.0.1:* blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences for every window; a test asserts each flag. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for documents of the app itself; anything else (file:, data:, look-alike hosts) is refused. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
}

/** In-app navigation is never allowed: the app is a single page; links leave through openExternal. */
export function allowNavigation(_from: string, _to: string): boolean {
  return false;
}

/**
 * External links may open in the user's browser only when they are plain http(s) URLs without
 * embedded credentials. Returns the normalised href to open, or null to refuse.
 */
export function externalLinkTarget(url: string): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  const u = parse(url.trim());
  if (!u) return null;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password) return null;
  if (!u.hostname) return null;
  return u.href;
}

/**
 * Camera, microphone, geolocation ...: a credits console needs none of them. Notifications are the
 * one exception: credit alerts must reach the user outside the window.
 */
export function allowPermission(permission: string): boolean {
  return permission === 'notifications';
}

export interface SenderInfo {
  /** URL of the frame that sent the IPC message. */
  url: string;
  /** Whether that frame is the window's top-level frame. */
  isMainFrame: boolean;
}

/** IPC is accepted only from the app's own top-level frame. */
export function isTrustedSender(sender: SenderInfo | null | undefined): boolean {
  return !!sender && sender.isMainFrame === true && isAppUrl(sender.url);
}
