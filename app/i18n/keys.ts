import type { ParseKeys } from 'i18next';
import { resources } from './resources';

/** Every message key of every registered bundle (derived from the zh-CN tree, checked by `tsc`). */
export type MessageKey = ParseKeys;

/** A translate function for keys that arrive as data (see `tk`). */
export type DataT = (key: string, options?: Record<string, unknown>) => string;

/**
 * Translates a key that arrives as data rather than as a literal in the code: a refusal's reason from
 * a workflow, a zod issue's message, a label key built from an id read from the database. `tsc`
 * cannot check such keys; the message tests do (every key the domain code writes exists in both
 * languages), and `isMessageKey` checks one at run time. Literal keys go through the typed `t`.
 */
export function tk(t: (...args: never[]) => unknown, key: string, options?: Record<string, unknown>): string {
  return (t as unknown as DataT)(key, options);
}

/** The same `t` for helpers that take keys as data (label functions, refusal texts). */
export const dataT = (t: (...args: never[]) => unknown): DataT => t as unknown as DataT;

/** Whether `key` names a message (a leaf text) in the zh-CN resources. */
export function isMessageKey(key: string): key is MessageKey {
  let node: unknown = resources['zh-CN'].translation;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}
