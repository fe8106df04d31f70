/**
 * The shared kit every Minyi process workflow is written with (motion, election, consultation):
 *
 * - a command is an Update declared once in the process's `api.ts` and registered here with its zod
 *   schema and its domain rule (`allowed`): the Update **validator** parses the input with the schema
 *   and asks the rule, so a refused command never enters history and nothing changes;
 * - accepted commands run one at a time, in arrival order, under one `async-mutex` Mutex
 *   (`runExclusive`) that the process's own timer-driven steps share — the handler re-asks the rule
 *   under the lock, since the state may have moved while it waited;
 * - every refusal is a `DomainError` (an i18n key) sent as the one refusal failure (workflows/refusal.ts);
 * - `settle()` waits until no handler is running or queued, before continueAsNew or returning.
 *
 * Deterministic: the Mutex is promises only (no timers), so its order is the order Temporal
 * delivers the Updates, the same on every replay.
 */
import { Mutex } from 'async-mutex';
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { asRefusalFailure } from './refusal';

// No code generation inside the workflow sandbox: zod's JIT would compile parsers per isolate.
z.config({ jitless: true });

/** An i18n key used as a zod message (`form.tooLong`, `motion.errors.duplicateVoter`). */
const I18N_KEY = /^[a-z][A-Za-z]*(\.[A-Za-z0-9]+)+$/;

/** Parses with the schema; a failure becomes a refusal with the first issue's key (`form.invalid` otherwise). */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const message = r.error.issues[0]?.message;
  throw new DomainError(message && I18N_KEY.test(message) ? message : 'form.invalid');
}

/** How one command is declared: its Update, its schema, its rule and what it does. */
export interface CommandSpec<A, R> {
  update: UpdateDefinition<R, [A]>;
  /** The whole Update argument's shape and size limits. */
  schema: z.ZodType<unknown>;
  /** Throws a DomainError when the command is not allowed now (validator, and again under the lock). */
  allowed: (arg: A) => void;
  /** Applies the command and commits it through the process's one activity. */
  run: (arg: A) => Promise<R>;
  /** A repeated submission's first answer, if it was applied already (then `allowed` is not asked). */
  replay?: (arg: A) => R | undefined;
}

export class ProcessKit {
  private readonly mutex = new Mutex();
  private queued = 0;
  /** Bumped by every accepted command: the main loop's wake-up signal. */
  changes = 0;

  /** Runs `fn` alone (after everything queued before it). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.queued++;
    try {
      return await this.mutex.runExclusive(fn);
    } finally {
      this.queued--;
    }
  }

  /** Registers one command (see the file comment). */
  command<A, R>(spec: CommandSpec<A, R>): void {
    setHandler(
      spec.update,
      async (arg: A): Promise<R> => {
        try {
          return await this.exclusive(async () => {
            try {
              const first = spec.replay?.(arg);
              if (first !== undefined) return first;
              spec.allowed(arg);
              return await spec.run(arg);
            } finally {
              this.changes++; // before the lock is released: the next holder sees the change
            }
          });
        } catch (e) {
          throw asRefusalFailure(e);
        }
      },
      {
        validator: (arg: A) => {
          try {
            parseOrRefuse(spec.schema, arg);
            if (spec.replay?.(arg) !== undefined) return;
            spec.allowed(arg);
          } catch (e) {
            throw asRefusalFailure(e);
          }
        },
      },
    );
  }

  /** Waits until every handler has finished and nothing waits for the lock. */
  async settle(): Promise<void> {
    await condition(() => allHandlersFinished() && this.queued === 0 && !this.mutex.isLocked());
  }

  /** Resolves when a command was accepted after `seen`, or after `ms` (true if a command came). */
  async changedSince(seen: number, ms?: number): Promise<boolean> {
    if (ms === undefined) {
      await condition(() => this.changes !== seen);
      return true;
    }
    return condition(() => this.changes !== seen, ms);
  }
}

/** The actions of a union missing from a list (`never` when the list is complete). */
export type Unlisted<All extends string, Listed extends readonly string[]> = Exclude<All, Listed[number]>;

/** Largest command a process accepts, as JSON (a form's text fields are far below this). */
export const MAX_COMMAND_BYTES = 64 * 1024;

/**
 * The schema of a `{ actor, command }` envelope (elections, consultations): the actor as the web's
 * guard found it, a known action, and a bounded size. The action's content rules are the domain's
 * (`checkCommand`, `checkConsultationCommand`), asked next by `allowed`.
 */
export function envelopeSchema<A extends readonly [string, ...string[]]>(o: { actor: z.ZodType<unknown>; actions: A }) {
  return z
    .object({ actor: o.actor, command: z.looseObject({ action: z.enum(o.actions) }) }, { error: 'form.invalid' })
    .refine((v) => JSON.stringify(v).length <= MAX_COMMAND_BYTES, { error: 'form.tooLong' });
}
