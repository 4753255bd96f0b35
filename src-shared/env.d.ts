/**
 * The few WHATWG globals that exist in every runtime src-shared runs in (Node 20, Chromium,
 * Electron). Declared by hand so src-shared compiles without the DOM or Node type libraries.
 */
declare class URL {
  constructor(input: string, base?: string);
  readonly origin: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly href: string;
}
