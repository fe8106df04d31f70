/**
 * Property tests at the zod boundaries (issue 9, "Fuzzing"): every exported schema that a form, an
 * import or a workflow Update parses gets generated bad input from fast-check. Whatever comes in,
 * `safeParse` does not throw, a refusal names only i18n keys present in both zh-CN and English (so a
 * person always reads a localized error, never zod's English prose), and an accepted value stays
 * within the size limits.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { resources } from '../app/i18n/resources';
import * as adminPeople from './admin/people';
import * as adminRoles from './admin/roles';
import * as adminTenancy from './admin/tenancy';
import * as appraisal from './appraisal/schemas';
import { boardFilterFrom, BOARD_QUERY_MAX } from './board';
import * as consultation from './consultation/schemas';
import * as electionForms from './election/forms';
import { motionCommandSchemas } from './motion/commands';
import { meetingCommandSchemas } from './meeting/commands';
import * as motionForms from './motion/forms';
import * as motionSchemas from './motion/schemas';
import * as meetingSchemas from './meeting/schemas';
import * as notifyContacts from './notify/contacts';

import * as electionWorkflow from '../workflows/election/workflow';
import * as consultationWorkflow from '../workflows/consultation';
import * as cadreWorkflow from '../workflows/appraisal/cadre';
import * as serviceWorkflow from '../workflows/appraisal/service';

const RUNS = 200;

type Tree = { [k: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);
const zh = resources['zh-CN'].translation;
const en = resources.en.translation;
const localized = (key: string) => typeof lookup(zh, key) === 'string' && typeof lookup(en, key) === 'string';

/** Every exported zod schema of a module (anything with a `safeParse`). */
function schemasOf(prefix: string, mod: Record<string, unknown>): [string, z.ZodType][] {
  return Object.entries(mod)
    .filter(([, v]) => typeof v === 'object' && v !== null && typeof (v as z.ZodType).safeParse === 'function')
    .map(([k, v]) => [`${prefix}.${k}`, v as z.ZodType]);
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

const hugeString = fc.constantFrom('x', '民', '😀', '\u0000', '\u202e', ' ').map((c) => c.repeat(20_001));
/** Text a browser or a spreadsheet might send: unicode, control characters, huge, blank. */
const junkText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '  \t\n', 'NaN', 'Infinity', '-0', '1e400', '0x10', 'true', 'on', '2026-02-30', '__proto__', 'constructor'),
  hugeString,
);
const junkScalar = fc.oneof(junkText, fc.double(), fc.integer(), fc.bigInt(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const anyJunk = fc.oneof({ weight: 3, arbitrary: junkScalar }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });

/**
 * Input shaped like the schema (its keys, its nesting, valid enum values now and then) but with
 * wrong types, huge strings and unicode in the leaves, so the parser gets past the outer object.
 */
function shaped(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return anyJunk;
  switch (def.type) {
    case 'object': {
      const shape = (schema as { shape: Record<string, unknown> }).shape;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, shaped(v, depth + 1)]));
      return fc.oneof({ weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyJunk });
    }
    case 'array':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(shaped(def.element, depth + 1), { maxLength: 5 }) },
        { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 501, maxLength: 600 }) },
        { weight: 1, arbitrary: anyJunk },
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return shaped(def.innerType, depth);
    case 'pipe':
      return defOf(def.in).type === 'transform' ? shaped(def.out, depth) : shaped(def.in, depth);
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => shaped(o, depth + 1)));
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries as Record<string, string>)), anyJunk);
    case 'literal':
      return fc.oneof(fc.constantFrom(...(def.values as unknown[])), anyJunk);
    case 'lazy':
      return anyJunk;
    default:
      return anyJunk;
  }
}

/** The longest text and list any schema here accepts (LIMITS.longText, LIMITS.listItems). */
const MAX_TEXT = motionSchemas.LIMITS.longText;
const MAX_ITEMS = motionSchemas.LIMITS.listItems;
function withinLimits(value: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  if (typeof value === 'string') return value.length <= MAX_TEXT;
  if (Array.isArray(value)) return value.length <= MAX_ITEMS && value.every((v) => withinLimits(v, depth + 1));
  if (value && typeof value === 'object') return Object.values(value).every((v) => withinLimits(v, depth + 1));
  return true;
}

function checkInput(schema: z.ZodType, input: unknown, mustLocalize: boolean) {
  const result = schema.safeParse(input);
  if (result.success) {
    expect(withinLimits(result.data), 'accepted value within limits').toBe(true);
    return;
  }
  expect(result.error.issues.length).toBeGreaterThan(0);
  if (!mustLocalize) return;
  for (const issue of result.error.issues)
    expect(localized(issue.message), `not a zh-CN+en key: ${JSON.stringify(issue.message)} at ${issue.path.join('.')}`).toBe(true);
}

/** Forms, imports and consultation commands: a browser always posts an object of fields. */
const formSchemas: [string, z.ZodType][] = [
  ...schemasOf('motion', motionSchemas),
  ...schemasOf('meeting', meetingSchemas),
  ...schemasOf('motionForms', motionForms),
  ...schemasOf('election', electionForms),
  ...schemasOf('consultation', consultation),
  ...schemasOf('admin', { ...adminPeople, ...adminRoles, ...adminTenancy }),
  ...schemasOf('notify', notifyContacts),
  ...schemasOf('appraisal', appraisal),
];
/** Workflow Updates: the payload is whatever JSON reached the server, so even a non-object is refused in words. */
const commandSchemas: [string, z.ZodType][] = [
  ...schemasOf('command', motionCommandSchemas),
  ...schemasOf('meetingCommand', meetingCommandSchemas),
  // the `{ actor, command }` envelopes the other processes' Update validators parse first
  ['electionUpdate', electionWorkflow.commandSchema],
  ['consultationUpdate', consultationWorkflow.commandSchema],
  ['cadreAppraisalUpdate', cadreWorkflow.envelope],
  ['serviceAppraisalUpdate', serviceWorkflow.envelope],
];

describe.each(formSchemas)('%s', (_name, schema) => {
  it('never throws on anything, and refuses form-shaped junk with zh-CN+en keys', () => {
    fc.assert(fc.property(fc.anything(), (input) => checkInput(schema, input, false)), { numRuns: RUNS });
    fc.assert(fc.property(shaped(schema), (input) => checkInput(schema, input, typeof input === 'object' && input !== null && !Array.isArray(input))), { numRuns: RUNS });
  });
});

describe.each(commandSchemas)('%s', (_name, schema) => {
  it('refuses any payload with zh-CN+en keys and never throws', () => {
    fc.assert(fc.property(fc.anything(), (input) => checkInput(schema, input, true)), { numRuns: RUNS });
    fc.assert(fc.property(shaped(schema), (input) => checkInput(schema, input, true)), { numRuns: RUNS });
  });
});

it('the board filter turns any address query into a localized error or a bounded filter', () => {
  const params = fc.array(fc.tuple(fc.constantFrom('kind', 'year', 'q', 'before', 'x'), junkText), { maxLength: 6 });
  fc.assert(
    fc.property(params, (pairs) => {
      const url = new URL('https://minyi.example/board');
      for (const [k, v] of pairs) url.searchParams.append(k, v.slice(0, 5_000));
      const { filter, error } = boardFilterFrom(url);
      if (error) expect(localized(error), error).toBe(true);
      expect((filter.q ?? '').length).toBeLessThanOrEqual(BOARD_QUERY_MAX);
    }),
    { numRuns: RUNS },
  );
});

it('has found schemas to fuzz in every boundary module', () => {
  for (const prefix of ['motion.', 'motionForms.', 'election.', 'consultation.', 'admin.'])
    expect(formSchemas.some(([n]) => n.startsWith(prefix)), prefix).toBe(true);
  expect(commandSchemas.length).toBeGreaterThan(10);
});

describe('findings of the first run (fixed)', () => {
  it('a field of the wrong type gets a form.* key, not zod English prose', () => {
    const r = electionForms.setupFormSchema.safeParse({ online: 'yes', approvalRef: 7 });
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toContain('form.invalid');
    expect(messages.every(localized)).toBe(true);
    const missing = adminPeople.personSchema.safeParse({});
    expect(missing.error!.issues.every((i) => localized(i.message))).toBe(true);
    const envelope = motionCommandSchemas.castVote.safeParse({ idempotencyKey: 'abcdefgh12', actor: { userId: 'u', roles: [] } });
    expect(envelope.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['input', 'form.required']);
  });

  it('an answer to an opinion refuses an over-long opinion id', () => {
    const r = consultation.answerOpinionSchema.safeParse({ opinionId: 'x'.repeat(65), text: '已答复' });
    expect(r.error?.issues[0]).toMatchObject({ path: ['opinionId'], message: 'consultation.errors.opinionNotFound' });
  });

  it('an election objection and a manual voter refuse an over-long reference', () => {
    const o = electionForms.objectionSchema.safeParse({ kind: 'missing', voterId: 'v'.repeat(65), body: '漏登' });
    expect(o.error?.issues[0]).toMatchObject({ path: ['voterId'], message: 'form.tooLong' });
    const shape = electionForms.manualVoterSchema.shape;
    expect(shape.objectionId.safeParse('o'.repeat(65)).error?.issues[0]?.message).toBe('form.tooLong');
  });
});
