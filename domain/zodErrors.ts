/**
 * zod's fallback messages as i18n keys (`form.*`, app/i18n/form-errors.ts). Every schema names its own key
 * where it knows a better one; this only answers for the checks that name none (a field of the wrong
 * type, a bare `.int()`, an unnamed refinement…), which zod would otherwise report in English prose.
 * Imported for its effect by every module that exports boundary schemas, so it is in force in the
 * web, the worker and the workflow bundle alike (a message never enters a workflow history).
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

export function fallbackMessageKey(iss: Issue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'form.required';
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'form.notAWholeNumber';
      return iss.expected === 'number' || iss.expected === 'int' ? 'form.notANumber' : 'form.invalid';
    case 'too_big':
      if (iss.origin === 'string') return 'form.tooLong';
      if (iss.origin === 'array' || iss.origin === 'set' || iss.origin === 'map') return 'form.tooMany';
      return 'form.tooLarge';
    case 'too_small':
      if (iss.origin === 'string' || iss.origin === 'array') return 'form.required';
      return 'form.outOfRange';
    case 'invalid_value':
      return 'form.invalidChoice';
    default:
      return 'form.invalid';
  }
}

z.config({ customError: fallbackMessageKey });
