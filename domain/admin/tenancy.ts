/** Forms for street offices, communities and accounts (web and `npm run admin`): one schema each. */
import { z } from 'zod';
import '../zodErrors';

const name = (max: number) => z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(max, { error: 'form.tooLong' });

export const slugSchema = z
  .string({ error: 'form.required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{2,40}$/, { error: 'admin.errors.slugFormat' });

export const usernameSchema = z
  .string({ error: 'form.required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { error: 'admin.errors.usernameFormat' })
  .refine((u) => !u.startsWith('p-'), { error: 'admin.errors.usernameFormat' });

/** At least 10 characters (NIST SP 800-63B asks ≥ 8; elderly users get a printed initial password). */
export const passwordSchema = z.string({ error: 'form.required' }).min(10, { error: 'admin.errors.passwordTooShort' }).max(200, { error: 'form.tooLong' });

export const accountSchema = z.object({ username: usernameSchema, displayName: name(50), password: passwordSchema });

export const streetOfficeSchema = z.object({ slug: slugSchema, nameZh: name(60), nameEn: name(120) });

/** The platform operator's form for a street office's first staff account: which office, and the account. */
export const streetOfficeAdminFormSchema = accountSchema.extend({
  streetOfficeId: z.string({ error: 'form.required' }).max(40, { error: 'form.tooLong' }),
});

export const communitySchema = z.object({
  slug: slugSchema,
  nameZh: name(60),
  nameEn: name(120),
  households: z
    .union([z.number(), z.string()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
        ctx.addIssue({ code: 'custom', message: 'form.outOfRange' });
        return z.NEVER;
      }
      return n;
    }),
  isDrill: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
});
