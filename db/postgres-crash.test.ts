import { describe, expect, it } from 'vitest';
import { isPostgresJsWriteCrash } from './postgres-crash';

describe('isPostgresJsWriteCrash', () => {
  it("is postgres.js's write to a socket that PostgreSQL closed", () => {
    const e = new TypeError("Cannot read properties of null (reading 'write')");
    e.stack = `${e.message}\n    at nextWrite (node_modules/postgres/src/connection.js:255:12)\n    at process.processImmediate (node:internal/timers:491:21)`;
    expect(isPostgresJsWriteCrash(e)).toBe(true);
  });
  it('is not any other error, even one with the same words', () => {
    expect(isPostgresJsWriteCrash(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
    expect(isPostgresJsWriteCrash(new Error("reading 'write' in nextWrite"))).toBe(false);
    expect(isPostgresJsWriteCrash('nextWrite')).toBe(false);
  });
});
