import type { Messages } from './resources';

/**
 * Message keys are typed: `t('election.phases.voting')` compiles, a key that is in no bundle's zh-CN
 * tree fails `tsc`. The shape is derived from the bundle list in resources.ts.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
