/**
 * The consultation feature's server door, one module per responsibility, re-exported here so
 * `app/consultations.server` stays the one import path:
 * - consultation-access.server.ts: callers, results, the roles each action admits, settings;
 * - catalogue.server.ts: the catalogue 协商事项目录 (reading, drafts, import, approval, publication);
 * - consultation-commands.server.ts: consultations 协商 (Temporal workflow `consultation-<id>`),
 *   what the motion feature needs, opinions and answers (SQL guarded by the state row), codes;
 * - consultation-pages.server.ts: what the pages read;
 * (what a consultation form posts becomes its command in domain/consultation/forms.ts).
 *
 * Callers (routes) have already run `requireRole`; the functions here check the domain rules again
 * and return refusals as i18n keys, never throwing for a person's mistake.
 */
export * from './consultation-access.server';
export * from './catalogue.server';
export * from './consultation-commands.server';
export * from './consultation-pages.server';
