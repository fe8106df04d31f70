/**
 * A refusal by a domain rule. `key` is an i18n message key (e.g. 'motion.errors.wrongStage'),
 * `params` its interpolation values. Domain code throws or returns these; the workflow turns
 * them into Temporal ApplicationFailures and the web layer translates them for the person.
 */
export class DomainError extends Error {
  constructor(
    public readonly key: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'DomainError';
  }
}

export type Refusal = { ok: false; key: string; params?: Record<string, string | number> };
export type Allowed = { ok: true };
export type Verdict = Allowed | Refusal;

export const allowed: Allowed = { ok: true };
export const refuse = (key: string, params?: Record<string, string | number>): Refusal => ({
  ok: false,
  key,
  ...(params ? { params } : {}),
});
