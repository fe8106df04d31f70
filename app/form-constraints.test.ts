/**
 * Every schema a page hands to conform's `getZodConstraint` (the browser's required/maxLength
 * hints) is one it can read: a transform or refinement at the top throws "Unsupported schema" while
 * the page renders, and the page is a 500 (the register's list was, found by the axe walk).
 */
import { getZodConstraint } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { addPersonFormFields, endPersonSchema, personSchema } from '../domain/admin/people';
import { passwordSchema, usernameSchema } from '../domain/admin/tenancy';
import { codeOpinionFormSchema } from '../domain/consultation';
import { certifyFormSchema, receiptSchema, resultObjectionSchema, resultRulingSchema, setupFormSchema } from '../domain/election/forms';
import { z } from 'zod';

const PAGES = {
  'people: register one person': addPersonFormFields,
  'people: edit': personSchema.extend({ clearPhone: z.boolean().default(false) }),
  'people: sign-in': z.object({ username: usernameSchema, password: passwordSchema }),
  'people: end': endPersonSchema,
  'election: set-up': setupFormSchema,
  'election: certify': certifyFormSchema,
  'election: receipt check': receiptSchema,
  'election: objection': resultObjectionSchema,
  'election: ruling': resultRulingSchema,
  'consultation: opinion with a code': codeOpinionFormSchema,
};

describe('form constraints', () => {
  it.each(Object.entries(PAGES))('%s', (_, schema) => {
    expect(() => getZodConstraint(schema)).not.toThrow();
  });
});
