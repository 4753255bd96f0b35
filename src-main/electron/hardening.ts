import { app, session, shell } from 'electron';
import { allowNavigation, allowPermission, externalLinkTarget } from '../core/security/policy';

/** Opens a link in the user's browser only when policy allows it; the single way out of the app. */
export function openExternalChecked(url: string): boolean {
  const target = externalLinkTarget(url);
  if (target) void shell.openExternal(target);
  return target !== null;
}

/** Navigation, new windows, webviews and permission requests all go through the pure policy. */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(contents.getURL(), url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(contents.getURL(), url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalChecked(url);
      return { action: 'deny' };
    });
  });
}
