import { protocol, net } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from '../core/security/policy';
import { resolveStaticPath } from '../core/security/static-files';

/** Must run before app 'ready': the app scheme behaves like https (secure context, fetch, CSP origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://creditdesk/, refusing any path that escapes its folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveStaticPath(rendererDir, new URL(request.url).pathname);
    if (!path) return new Response('Bad path', { status: 400 });
    const response = await net.fetch(pathToFileURL(path).href);
    if (!response.ok) return new Response('Not found', { status: 404 });
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}
