/**
 * Which channels are on, from environment variables (README "Notifications"). SMS needs every
 * Aliyun variable, templates for every notice kind included; email needs an SMTP URL and a sender.
 * Anything missing or malformed → that channel is off, and the pages say so.
 */
import { z } from 'zod';
import { NOTICE_KINDS } from '../domain/notify/plan';

const templates = z
  .string()
  .max(4000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object(Object.fromEntries([...NOTICE_KINDS, 'confirm'].map((k) => [k, z.string().regex(/^SMS_\d{1,20}$/)])) as Record<string, z.ZodString>));

const smsSchema = z.object({
  MINYI_ALIYUN_ACCESS_KEY_ID: z.string().min(1).max(128),
  MINYI_ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).max(128),
  MINYI_ALIYUN_SMS_SIGN_NAME: z.string().min(1).max(32),
  MINYI_ALIYUN_SMS_TEMPLATES: templates,
  MINYI_ALIYUN_SMS_ENDPOINT: z.url().max(500).default('https://dysmsapi.aliyuncs.com/'),
});

const emailSchema = z.object({
  MINYI_SMTP_URL: z.string().regex(/^smtps?:\/\//).max(500),
  MINYI_MAIL_FROM: z.string().min(3).max(200),
});

export type SmsConfig = {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<string, string>;
  endpoint: string;
};
export type EmailConfig = { url: string; from: string };
export type NotifyConfig = { sms: SmsConfig | null; email: EmailConfig | null; retryBaseMs: number; publicUrl: string };

export function notifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const s = smsSchema.safeParse(env);
  const e = emailSchema.safeParse(env);
  const base = Number(env.MINYI_NOTIFY_RETRY_BASE_MS ?? 60_000);
  return {
    sms: s.success
      ? {
          accessKeyId: s.data.MINYI_ALIYUN_ACCESS_KEY_ID,
          accessKeySecret: s.data.MINYI_ALIYUN_ACCESS_KEY_SECRET,
          signName: s.data.MINYI_ALIYUN_SMS_SIGN_NAME,
          templates: s.data.MINYI_ALIYUN_SMS_TEMPLATES as Record<string, string>,
          endpoint: s.data.MINYI_ALIYUN_SMS_ENDPOINT,
        }
      : null,
    email: e.success ? { url: e.data.MINYI_SMTP_URL, from: e.data.MINYI_MAIL_FROM } : null,
    retryBaseMs: Number.isInteger(base) && base >= 100 && base <= 3_600_000 ? base : 60_000,
    publicUrl: (env.MINYI_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, ''),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether SMS would reach real phones: a provider is configured and its endpoint is not this machine
 * (the tests' provider server listens on loopback). The demo data's phone numbers are made up but
 * look real, so `npm start` refuses demo data with such a provider (scripts/run.ts).
 */
export function smsReachesRealPhones(config: Pick<NotifyConfig, 'sms'>): boolean {
  if (!config.sms) return false;
  return !LOOPBACK.has(new URL(config.sms.endpoint).hostname);
}
