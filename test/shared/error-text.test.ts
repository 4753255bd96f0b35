import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { describeIssues, errorMessage, issuePath } from '../../src-shared/error-text';

describe('errorMessage', () => {
  test("an Error's message, anything else as text", () => {
    expect(errorMessage(new TypeError('bad port'))).toBe('bad port');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});

describe('describeIssues', () => {
  const schema = z.strictObject({ card: z.object({ actions: z.array(z.number().int()) }), name: z.string() });

  test("zod's issues as dotted path: message, joined by '; '", () => {
    const parsed = schema.safeParse({ card: { actions: [1, 1.5] }, name: 3 });
    expect(parsed.success).toBe(false);
    const text = describeIssues(parsed.error!.issues, 'body');
    expect(text.split('; ')).toHaveLength(2);
    expect(text).toMatch(/^card\.actions\.1: .+; name: .+$/);
  });

  test('an issue about the whole value is named by `whole`', () => {
    const parsed = schema.safeParse('not an object');
    expect(describeIssues(parsed.error!.issues, '(input)')).toMatch(/^\(input\): /);
  });

  test('paths already dotted (an ApiError’s issues) pass through unchanged', () => {
    expect(describeIssues([{ path: 'amount', message: 'must be positive' }], '')).toBe(
      'amount: must be positive',
    );
  });

  test('issuePath: numbers and symbols become text; an empty path is the whole value', () => {
    expect(issuePath(['rows', 3, 'id'], 'body')).toBe('rows.3.id');
    expect(issuePath([Symbol('x')], 'body')).toBe('Symbol(x)');
    expect(issuePath([], 'card')).toBe('card');
    expect(issuePath('', 'card')).toBe('card');
  });
});
