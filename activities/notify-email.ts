/**
 * Email through SMTP with nodemailer (decision 041). The Message-ID is the outbox row's id, so a
 * resend after a lost answer carries the same id (mail systems that de-duplicate by it show one);
 * board notices carry a one-click List-Unsubscribe (RFC 8058).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { EmailConfig } from './notify-config';

const transports = new Map<string, Transporter>();
const transportFor = (cfg: EmailConfig) => {
  let t = transports.get(cfg.url);
  if (!t) {
    const options: SMTPTransport.Options & { url: string } = { url: cfg.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
    t = nodemailer.createTransport(options);
    transports.set(cfg.url, t);
  }
  return t;
};

export type EmailResult = { ok: true; messageId: string } | { ok: false; code: string; message: string; uncertain: boolean };

export async function sendEmail(
  cfg: EmailConfig,
  m: { to: string; subject: string; text: string; id: string; unsubscribeUrl?: string },
): Promise<EmailResult> {
  try {
    const info = await transportFor(cfg).sendMail({
      from: cfg.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${m.id}@minyi.notify>`,
      ...(m.unsubscribeUrl ? { headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
    });
    return { ok: true, messageId: info.messageId };
  } catch (e) {
    const err = e as { code?: string; responseCode?: number; message?: string };
    const rc = err.responseCode;
    // 5xx: the server refused for good (EENVELOPE is a final code); 4xx: try later; no answer: unknown.
    const code = rc && rc >= 500 ? 'EENVELOPE' : rc ? `SMTP${rc}` : (err.code ?? 'NoAnswer');
    return { ok: false, code, message: (err.message ?? '').slice(0, 200), uncertain: !rc };
  }
}
