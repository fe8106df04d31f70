import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formMessages } from './form-errors';
import { MAJOR_REASONS, MOTION_CATEGORIES, MOTION_SCOPES } from '../../domain/motion/matters';
import { MEETING_BODIES, RESIDENTS_MEETING_MODES, VOTE_CHOICES } from '../../domain/motion/meetings';
import { motionMessages } from './motion-rules';
import { motionTaskMessages } from './motion-tasks';
import { motionReviewMessages } from './motion-review';
import { motionTermMessages } from './motion-terms';
import {
  ACTION_RULES,
  MOTION_COMMANDS,
  MOTION_STATES,
  STEPS,
  SYSTEM_EVENTS,
  actionLabelKey,
  stateLabelKey,
  stepLabelKey,
} from '../../domain/motion/stages';

type Tree = { readonly [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

// The task texts (motion.task.*, asked for by domain/motion/tasks.ts) are merged beside them in app/i18n/resources.ts.
const zh = new Map([...flatten(motionMessages['zh-CN']), ...flatten(motionTermMessages['zh-CN']), ...flatten(motionTaskMessages['zh-CN']), ...flatten(motionReviewMessages['zh-CN']), ...flatten(formMessages['zh-CN'])]);
const en = new Map([...flatten(motionMessages.en), ...flatten(motionTermMessages.en), ...flatten(motionTaskMessages.en), ...flatten(motionReviewMessages.en), ...flatten(formMessages.en)]);
const params = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('motion and form messages', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('use the same interpolation names in both languages, in i18next {{name}} syntax', () => {
    for (const [key, text] of zh) {
      expect(params(en.get(key)!), key).toEqual(params(text));
      // no single-brace placeholders such as {name}
      expect(text.replace(/\{\{\w+\}\}/g, ''), key).not.toMatch(/[{}]/);
    }
  });

  it('say something in each language: no empty texts, and Chinese in zh-CN', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).toMatch(/[\u4e00-\u9fff]|^\d/);
      expect(en.get(key)!.trim(), key).not.toBe('');
    }
  });

  it('label every state, step, action, body, mode, choice, reason, category and scope', () => {
    const needed = [
      ...MOTION_STATES.map(stateLabelKey),
      ...STEPS.map(stepLabelKey),
      ...[...MOTION_COMMANDS, ...SYSTEM_EVENTS].map(actionLabelKey),
      ...MEETING_BODIES.map((b) => `motion.body.${b}`),
      ...RESIDENTS_MEETING_MODES.map((m) => `motion.mode.${m}`),
      ...VOTE_CHOICES.map((c) => `motion.choice.${c}`),
      ...MAJOR_REASONS.map((r) => `motion.majorReason.${r}`),
      ...MOTION_CATEGORIES.map((c) => `motion.category.${c}`),
      ...MOTION_SCOPES.map((s) => `motion.scope.${s}`),
    ];
    for (const key of needed) expect(zh.has(key), key).toBe(true);
  });

  it('contain every guard key of the stage table', () => {
    for (const rule of Object.values(ACTION_RULES)) {
      for (const key of rule.guards) expect(zh.has(key), key).toBe(true);
    }
  });

  it('contain every key written in the motion rules and schemas', () => {
    const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'domain', 'motion');
    const sources = [
      ...readdirSync(here)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => join(here, f)),
      join(here, '..', 'calendar.ts'),
      join(here, '..', 'quorum.ts'),
    ];
    const used = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:motion|form)\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(zh.has(key), key).toBe(true);
  });
});
