/**
 * SMS through Aliyun's SMS service (dysmsapi, API version 2017-05-25): `SendSms` with a template
 * code and parameters, and `QuerySendDetails` to learn whether an attempt whose answer was lost
 * arrived (matched by `OutId`, our outbox row id). Requests are RPC-style GETs signed as Aliyun's
 * "signature mechanism" documents it (SignatureVersion 1.0, HMAC-SHA1): parameters sorted, names
 * and values percent-encoded (RFC 3986: space → %20, `*` → %2A, `~` kept), the string to sign
 * `GET&%2F&` + encode(canonical query), the key the secret followed by `&`, the digest base64.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SmsConfig } from './notify-config';

/** Aliyun's percentEncode: encodeURIComponent plus `!'()*`, which it leaves alone. */
export const percentEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

/** Signature of an RPC request's parameters (without `Signature`) under the AccessKey secret. */
export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, secret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** `2026-12-02T01:46:24Z`: ISO 8601 in UTC without milliseconds, as Aliyun asks. */
export const aliyunTimestamp = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function signedUrl(cfg: SmsConfig, action: string, params: Record<string, string>, now = new Date()): string {
  const all: Record<string, string> = {
    AccessKeyId: cfg.accessKeyId,
    Action: action,
    Format: 'JSON',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: aliyunTimestamp(now),
    Version: '2017-05-25',
    ...params,
  };
  const signature = rpcSignature('GET', all, cfg.accessKeySecret);
  const base = cfg.endpoint.endsWith('/') ? cfg.endpoint : `${cfg.endpoint}/`;
  return `${base}?Signature=${percentEncode(signature)}&${canonicalQuery(all)}`;
}

/** A provider answer: sent (with the provider's id), refused with its code, or unknown (no answer). */
export type SmsResult = { ok: true; bizId: string } | { ok: false; code: string; message: string; uncertain: boolean };

export const SMS_TIMEOUT_MS = 10_000;

async function call(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(SMS_TIMEOUT_MS) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { Code: `HTTP${res.status}`, Message: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

export async function sendSms(cfg: SmsConfig, m: { phone: string; templateCode: string; params: Record<string, string>; outId: string }): Promise<SmsResult> {
  const url = signedUrl(cfg, 'SendSms', {
    PhoneNumbers: m.phone,
    SignName: cfg.signName,
    TemplateCode: m.templateCode,
    TemplateParam: JSON.stringify(m.params),
    OutId: m.outId,
  });
  let r: { status: number; body: Record<string, unknown> };
  try {
    r = await call(url);
  } catch (e) {
    // Sent or not, nobody knows: the request may have arrived. Asked again before any resend.
    return { ok: false, code: 'NoAnswer', message: (e as Error).message.slice(0, 200), uncertain: true };
  }
  const code = String(r.body.Code ?? `HTTP${r.status}`);
  if (code === 'OK') return { ok: true, bizId: String(r.body.BizId ?? '') };
  return { ok: false, code, message: String(r.body.Message ?? '').slice(0, 200), uncertain: false };
}

/** Whether the provider accepted a message with this OutId to this phone on that day (yyyyMMdd, Shanghai). */
export async function wasSmsAccepted(cfg: SmsConfig, q: { phone: string; sendDate: string; outId: string }): Promise<boolean> {
  for (let page = 1; page <= 10; page++) {
    const r = await call(signedUrl(cfg, 'QuerySendDetails', { PhoneNumber: q.phone, SendDate: q.sendDate, PageSize: '50', CurrentPage: String(page) }));
    if (r.body.Code !== 'OK') throw new Error(`QuerySendDetails: ${String(r.body.Code)} ${String(r.body.Message ?? '')}`);
    const dtos = (r.body.SmsSendDetailDTOs as { SmsSendDetailDTO?: { OutId?: string }[] } | undefined)?.SmsSendDetailDTO ?? [];
    if (dtos.some((d) => d.OutId === q.outId)) return true;
    if (dtos.length < 50) return false;
  }
  return false;
}
