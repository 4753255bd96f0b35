import type { CreditdeskApi } from '../../../src-shared/api';
import { createWebSocketApi } from './ws-client';
import { setApi } from './current';
import { useConnectionStore } from '../stores/connection-store';

declare global {
  interface Window {
    creditdesk?: CreditdeskApi;
  }
}

const TOKEN_KEY = 'creditdesk.token';

/**
 * The one API object the stores use, installed (setApi) by importing this module. Electron's preload
 * provides `window.creditdesk`; in a browser the web host's URL carries a token in its fragment, kept
 * for this tab only and removed from the address bar so it is not bookmarked or shared by accident.
 */
function resolveApi(): CreditdeskApi {
  if (window.creditdesk) {
    useConnectionStore.getState().set('connected');
    return window.creditdesk;
  }
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  const url = new URL('/api', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return createWebSocketApi(url.href, (state) => useConnectionStore.getState().set(state));
}

/**
 * After this tab rotated the link's token: keep the new token for this tab and reload, so the page
 * reconnects with it (whichever host name the page was opened under).
 */
export function reloadWithRotatedLink(openUrl: string): void {
  const token = new URLSearchParams(new URL(openUrl).hash.slice(1)).get('token');
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  window.location.reload();
}

setApi(resolveApi());
export const isElectron = (): boolean => typeof window.creditdesk?.pathForFile === 'function';
