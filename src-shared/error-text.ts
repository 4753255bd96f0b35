/**
 * Errors as words: what every layer shows for a caught failure or a schema's refusal, worded one way
 * so a message reads the same whether the dispatcher, the endpoint or the renderer wrote it.
 */

/** The message of anything thrown: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A validation issue as zod reports it, or as an ApiError carries it (the path already dotted). */
export interface IssueLike {
  path: string | readonly PropertyKey[];
  message: string;
}

/** An issue's path in dots (`card.actions.0.cost`), or `whole` when the issue is about the value itself. */
export function issuePath(path: IssueLike['path'], whole: string): string {
  return (typeof path === 'string' ? path : path.map(String).join('.')) || whole;
}

/** `path: message` per issue, joined by '; '. */
export function describeIssues(issues: readonly IssueLike[], whole: string): string {
  return issues.map((i) => `${issuePath(i.path, whole)}: ${i.message}`).join('; ');
}
