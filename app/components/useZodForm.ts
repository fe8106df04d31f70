/**
 * conform's `useForm` as every form here uses it: the one zod schema the action parses also checks
 * the form in the browser (on blur, then as the person types), and gives the browser its
 * required/min/max hints. Without JavaScript the form posts as it is and the action answers the same.
 */
import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { useMemo } from 'react';
import type { z } from 'zod';

type Options<S extends z.ZodType> = {
  /** Needed when the page has several forms, or one form per row; the element's id is `form-<id>`. */
  id?: string;
  /** The action's reply to this form, or null when the reply is another form's. */
  lastResult?: SubmissionResult<string[]> | null | undefined;
  defaultValue?: DefaultValue<z.input<S>>;
  /**
   * The schema the browser's hints come from, when `schema` cannot give them (a transform at its top,
   * which `getZodConstraint` refuses; app/form-constraints.test.ts lists each one).
   */
  constraintSchema?: z.ZodType;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's own bound for a form's shape
export function useZodForm<S extends z.ZodType<any, Record<string, any>>>(schema: S, options: Options<S> = {}) {
  const { constraintSchema, id, ...rest } = options;
  const constraint = useMemo(() => getZodConstraint(constraintSchema ?? schema), [constraintSchema, schema]);
  return useForm<z.input<S>, z.output<S>>({
    ...rest,
    // Prefixed: conform finds its form by id, and a bare "import" was also the id of the section's
    // heading, so the browser checked the heading's (empty) fields and refused a good form.
    ...(id ? { id: `form-${id}` } : {}),
    constraint,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
