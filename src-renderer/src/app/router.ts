import { useSyncExternalStore } from 'react';

/**
 * Hash routing: the app is served as one file from a custom protocol (Electron) or the web host,
 * so the page never asks the server for a route. "#/ledger" → "ledger".
 */
const read = (): string => {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? (hash.slice(2).split(/[?&]/)[0] ?? '') : '';
};

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export const useRoutePath = (): string => useSyncExternalStore(subscribe, read);

export const hrefFor = (path: string): string => `#/${path}`;

export function navigate(path: string): void {
  window.location.hash = `/${path}`;
}
