import { consultationMessages } from '../../domain/consultation/messages';
import { electionMessages } from '../../domain/election/messages';
import { formMessages } from '../../domain/formMessages';
import { motionMessages } from '../../domain/motion/messages';
import { motionTaskMessages } from '../../domain/motion/taskMessages';
import { adminMessages } from './admin-messages';
import { adminPeopleMessages } from './admin-people-messages';
import { appMessages } from './app-messages';
import { consultationUiMessages } from './consultation-ui';
import { boardMessages } from './board-messages';
import { motionUiMessages } from './motion-ui';
import { electionUiMessages } from './election-ui';
import { sheetMessages } from './sheet-messages';
import { formsMessages } from './forms-messages';
import { securityMessages } from './security-messages';

type Tree = { [key: string]: string | Tree };
type Bundle = { 'zh-CN': Tree; en: Tree };

const bundles: Bundle[] = [appMessages, boardMessages, motionUiMessages, formMessages, motionMessages, motionTaskMessages, electionMessages, consultationMessages, consultationUiMessages, electionUiMessages, sheetMessages, formsMessages, adminMessages, adminPeopleMessages, securityMessages];

function merge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    into[k] = typeof v === 'object' && typeof existing === 'object' ? merge({ ...existing }, v) : v;
  }
  return into;
}

export const resources = {
  'zh-CN': { translation: bundles.reduce<Tree>((acc, b) => merge(acc, b['zh-CN']), {}) },
  en: { translation: bundles.reduce<Tree>((acc, b) => merge(acc, b.en), {}) },
};
