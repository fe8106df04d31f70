/**
 * The one refusal every Minyi workflow answers with, declared once and read by the web's server
 * modules: an ApplicationFailure of type `DomainError` whose message is the i18n key and whose
 * details[0] holds the key's parameters. It is non-retryable; nothing changed.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, type Refusal } from '../domain/errors';

export const REFUSAL_TYPE = 'DomainError';

type Params = Record<string, string | number>;

/** The failure a handler or validator throws for a domain refusal (other errors pass unchanged). */
export function asRefusalFailure(e: unknown): unknown {
  if (e instanceof DomainError) {
    return ApplicationFailure.create({ type: REFUSAL_TYPE, message: e.key, details: [e.params], nonRetryable: true });
  }
  return e;
}

/** Throws a verdict's refusal as a DomainError (for domain checks that return verdicts). */
export function assertAllowed(v: { ok: true } | Refusal): void {
  if (!v.ok) throw new DomainError(v.key, v.params ?? {});
}

/** The refusal carried by a failed Update (client side), if it is one: `{ key, params? }`. */
export function refusalOf(e: unknown): { key: string; params?: Params } | undefined {
  const failure = e instanceof Error && e.cause instanceof ApplicationFailure ? e.cause : e;
  if (failure instanceof ApplicationFailure && failure.type === REFUSAL_TYPE) {
    const params = (failure.details?.[0] ?? undefined) as Params | undefined;
    return { key: failure.message, ...(params && Object.keys(params).length ? { params } : {}) };
  }
  return undefined;
}
