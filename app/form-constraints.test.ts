/**
 * Every schema a page hands to conform's `getZodConstraint` (the browser's required/maxLength
 * hints) is one it can read: a transform or refinement at the top throws "Unsupported schema" while
 * the page renders, and the page is a 500 (the register's list was, found by the axe walk).
 */
import { getZodConstraint } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { addPersonFormFields, endPersonSchema, importFormSchema, personSchema } from '../domain/admin/people';
import { recallSchema } from '../domain/admin/recall';
import { endRoleSchema, grantSchema } from '../domain/admin/roles';
import { settingsFormSchema } from '../domain/admin/settings';
import { communitySchema, passwordSchema, streetOfficeAdminFormSchema, streetOfficeSchema, usernameSchema } from '../domain/admin/tenancy';
import { codeOpinionFormSchema, proposeTopicFormSchema } from '../domain/consultation';
import { confirmSubscriptionFormSchema, subscribeFields } from '../domain/notify/contacts';
import { certifyFormSchema, receiptSchema, resultObjectionSchema, resultRulingSchema, setupFormSchema } from '../domain/election/forms';
import {
  agendaAddFormSchema,
  attendanceNamesFormSchema,
  attendanceNumbersFormSchema,
  itemCountFormSchema,
  itemNotesFormSchema,
} from '../domain/meeting/page-forms';
import { financeImportFormSchema, financePublishFormSchema, financeReviewFormSchema, financeSubmitFormSchema } from '../domain/finance/forms';
import { cadrePlanFormSchema, servicePlanFormSchema } from '../domain/appraisal/page-forms';
import {
  cancelFormSchema,
  codesFormSchema,
  paperFormsFormSchema,
  paperTotalsFormSchema,
  questionFormSchema,
  reportFormSchema,
  unitReplyFormSchema,
} from '../domain/appraisal/plan-page-forms';
import {
  approveDisclosureSchema,
  publishUnreviewedSchema,
  requestDisclosureCorrectionSchema,
  resubmitDisclosureSchema,
} from '../domain/motion/schemas';
import { z } from 'zod';

const PAGES = {
  'people: register one person': addPersonFormFields,
  'people: edit': personSchema.extend({ clearPhone: z.boolean().default(false) }),
  'people: sign-in': z.object({ username: usernameSchema, password: passwordSchema }),
  'people: end': endPersonSchema,
  'people: import': importFormSchema,
  'roles: grant': grantSchema,
  'roles: end': endRoleSchema,
  'roles: recall': recallSchema,
  settings: settingsFormSchema,
  'motion: approve a disclosure': approveDisclosureSchema,
  'motion: ask for a correction': requestDisclosureCorrectionSchema,
  'motion: resubmit a disclosure': resubmitDisclosureSchema,
  'motion: publish unreviewed': publishUnreviewedSchema,
  'election: set-up': setupFormSchema,
  'election: certify': certifyFormSchema,
  'election: receipt check': receiptSchema,
  'election: objection': resultObjectionSchema,
  'election: ruling': resultRulingSchema,
  'consultation: opinion with a code': codeOpinionFormSchema,
  'consultation: propose a topic': proposeTopicFormSchema,
  'platform: street office': streetOfficeSchema,
  'platform: street office staff': streetOfficeAdminFormSchema,
  'street office: community': communitySchema,
  'board: subscribe': subscribeFields,
  'board: confirm the code': confirmSubscriptionFormSchema,
  'appraisal: cadre plan': cadrePlanFormSchema,
  'appraisal: service survey': servicePlanFormSchema,
  'appraisal page: report': reportFormSchema,
  'appraisal page: question': questionFormSchema,
  'appraisal page: paper forms': paperFormsFormSchema,
  'appraisal page: paper totals': paperTotalsFormSchema,
  'appraisal page: cancel': cancelFormSchema,
  'appraisal page: codes': codesFormSchema,
  'appraisal page: a unit\'s reply': unitReplyFormSchema,
  'finance: import a quarter': financeImportFormSchema,
  'finance: submit': financeSubmitFormSchema,
  'finance: review': financeReviewFormSchema,
  'finance: publish': financePublishFormSchema,
  'meeting: add to the agenda': agendaAddFormSchema,
  'meeting: attendance by name': attendanceNamesFormSchema,
  'meeting: attendance from a sheet': attendanceNumbersFormSchema,
  'meeting: one item\'s count': itemCountFormSchema,
  'meeting: one item\'s notes': itemNotesFormSchema,
};

describe('form constraints', () => {
  it.each(Object.entries(PAGES))('%s', (_, schema) => {
    expect(() => getZodConstraint(schema)).not.toThrow();
  });
});

describe('what the browser is told', () => {
  it('lets a role be granted without an end date (open-ended)', () => {
    expect(getZodConstraint(grantSchema).endsOn?.required).toBe(false);
    expect(getZodConstraint(grantSchema).startsOn?.required).toBe(true);
  });
});
