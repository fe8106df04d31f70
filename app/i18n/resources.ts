import { adminMessages } from './admin-messages';
import { adminPeopleMessages } from './admin-people-messages';
import { appraisalMessages } from './appraisal-messages';
import { appMessages } from './app-messages';
import { boardMessages } from './board-messages';
import { consultationMessages } from './consultation-rules';
import { consultationUiMessages } from './consultation-ui';
import { consultationProcessUiMessages } from './consultation-ui-process';
import { electionMessages } from './election-rules';
import { electionUiMessages } from './election-ui';
import { electionVotingUiMessages } from './election-ui-voting';
import { formMessages } from './form-errors';
import { formsMessages } from './forms-messages';
import { motionMessages } from './motion-rules';
import { motionTaskMessages } from './motion-tasks';
import { motionTermMessages } from './motion-terms';
import { motionUiMessages } from './motion-ui';
import { motionReviewMessages } from './motion-review';
import { securityMessages } from './security-messages';
import { sheetMessages } from './sheet-messages';
import { exportMessages } from './export-messages';
import { financeMessages } from './finance-messages';
import { meetingMessages } from './meeting-messages';
import { notifyMessages } from './notify-messages';

export type Tree = { readonly [key: string]: string | Tree };
export type Bundle = { readonly 'zh-CN': Tree; readonly en: Tree };

/**
 * Every message bundle, one per feature (typed TS objects, zh-CN first). To add a bundle, import it
 * and list it here: the resources, the key type (`TranslationKey`, checked by `tsc` through
 * i18next's `CustomTypeOptions` in ./i18next.d.ts) and the test that both languages have the same keys
 * and placeholders (resources.test.ts) all follow from this list.
 */
export const bundles = {
  appMessages,
  boardMessages,
  motionUiMessages,
  formMessages,
  motionMessages,
  motionTermMessages,
  motionTaskMessages,
  motionReviewMessages,
  electionMessages,
  consultationMessages,
  consultationUiMessages,
  consultationProcessUiMessages,
  electionUiMessages,
  electionVotingUiMessages,
  sheetMessages,
  formsMessages,
  adminMessages,
  adminPeopleMessages,
  securityMessages,
  exportMessages,
  financeMessages,
  meetingMessages,
  notifyMessages,
  appraisalMessages,
} satisfies Record<string, Bundle>;

/** Every text of a tree by its dotted key (`election.phases.voting` → '投票'). */
export function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The zh-CN tree of all bundles together: the shape every key is checked against. */
export type Messages = UnionToIntersection<(typeof bundles)[keyof typeof bundles]['zh-CN']>;

function merge(into: Record<string, string | Tree>, from: Tree): Record<string, string | Tree> {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    into[k] = typeof v === 'object' && typeof existing === 'object' ? merge({ ...existing }, v) : v;
  }
  return into;
}

const all = Object.values(bundles) as Bundle[];

export const resources = {
  'zh-CN': { translation: all.reduce((acc, b) => merge(acc, b['zh-CN']), {}) as Messages },
  en: { translation: all.reduce((acc, b) => merge(acc, b.en), {}) as Messages },
};
