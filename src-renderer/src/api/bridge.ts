import type { CreditdeskApi } from '../../../src-shared/api';
import { createWebSocketApi } from './ws-client';

declare global {
  interface Window {
    creditdesk?: CreditdeskApi;
  }
}

const TOKEN_KEY = 'creditdesk.token';

/**
 * The one API object the stores use. Electron's preload provides `window.creditdesk`; in a browser
 * the web host's URL carries a token in its fragment, kept for this tab only and removed from the
 * address bar so it is not bookmarked or shared by accident.
 */
function resolveApi(): CreditdeskApi {
  if (window.creditdesk) return window.creditdesk;
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  const url = new URL('/api', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return createWebSocketApi(url.href);
}

export const api: CreditdeskApi = resolveApi();
export const isElectron = (): boolean => typeof window.creditdesk?.pathForFile === 'function';
