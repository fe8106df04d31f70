/**
 * A local stand-in for Aliyun's SMS API (dysmsapi 2017-05-25) for integration tests: a real HTTP
 * server that checks each request the way the provider does — AccessKeyId, the HMAC-SHA1 signature
 * (recomputed here from the raw query, independently of the client), a fresh SignatureNonce and a
 * Timestamp within 15 minutes — then answers `SendSms` and `QuerySendDetails` in the provider's
 * JSON shape. Tests can make it refuse (`failWith`) or accept a message and never answer (`holdNext`,
 * the worker is then killed mid-send).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedSms = { phone: string; templateCode: string; params: Record<string, string>; outId: string; signName: string; at: number };

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function expectedSignature(query: URLSearchParams, secret: string): string {
  const pairs = [...query.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  return createHmac('sha1', secret + '&').update(`GET&%2F&${enc(canonical)}`).digest('base64');
}

export async function startAliyunSmsServer(o: { accessKeyId: string; accessKeySecret: string; templates: string[] }) {
  const received: ReceivedSms[] = [];
  const refusals: string[] = [];
  const nonces = new Set<string>();
  let failures: string[] = [];
  let holds = 0;
  let held: (() => void) | undefined;
  const heldResponses: ServerResponse[] = [];

  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
  };
  const refuse = (res: ServerResponse, status: number, code: string) => {
    refusals.push(code);
    answer(res, status, { Code: code, Message: code });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    if (req.method !== 'GET' || url.pathname !== '/') return refuse(res, 404, 'InvalidAction.NotFound');
    if (q.get('AccessKeyId') !== o.accessKeyId) return refuse(res, 404, 'InvalidAccessKeyId.NotFound');
    if (q.get('SignatureMethod') !== 'HMAC-SHA1' || q.get('SignatureVersion') !== '1.0' || q.get('Version') !== '2017-05-25') {
      return refuse(res, 400, 'MissingParameter');
    }
    if (q.get('Signature') !== expectedSignature(q, o.accessKeySecret)) return refuse(res, 400, 'SignatureDoesNotMatch');
    const nonce = q.get('SignatureNonce') ?? '';
    if (!nonce || nonces.has(nonce)) return refuse(res, 400, 'SignatureNonceUsed');
    nonces.add(nonce);
    const ts = Date.parse(q.get('Timestamp') ?? '');
    if (!/Z$/.test(q.get('Timestamp') ?? '') || !Number.isFinite(ts) || Math.abs(ts - Date.now()) > 15 * 60_000) {
      return refuse(res, 400, 'InvalidTimeStamp.Expired');
    }
    if (q.get('Action') === 'SendSms') {
      const phone = q.get('PhoneNumbers') ?? '';
      if (!/^1[3-9]\d{9}$/.test(phone)) return refuse(res, 200, 'isv.MOBILE_NUMBER_ILLEGAL');
      if (!o.templates.includes(q.get('TemplateCode') ?? '')) return refuse(res, 200, 'isv.SMS_TEMPLATE_ILLEGAL');
      let params: Record<string, string>;
      try {
        params = JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>;
      } catch {
        return refuse(res, 200, 'isv.INVALID_JSON_PARAM');
      }
      const failure = failures.shift();
      if (failure) return refuse(res, failure.startsWith('isp') ? 500 : 200, failure);
      received.push({ phone, templateCode: q.get('TemplateCode')!, params, outId: q.get('OutId') ?? '', signName: q.get('SignName') ?? '', at: Date.now() });
      if (holds > 0) {
        holds--;
        heldResponses.push(res); // accepted, never answered
        held?.();
        return;
      }
      return answer(res, 200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0` });
    }
    if (q.get('Action') === 'QuerySendDetails') {
      const dtos = received
        .filter((m) => m.phone === q.get('PhoneNumber'))
        .map((m) => ({ PhoneNum: m.phone, SendStatus: 3, ErrCode: 'DELIVERED', TemplateCode: m.templateCode, OutId: m.outId }));
      return answer(res, 200, { Code: 'OK', Message: 'OK', TotalCount: dtos.length, SmsSendDetailDTOs: { SmsSendDetailDTO: dtos } });
    }
    return refuse(res, 404, 'InvalidAction.NotFound');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    received,
    refusals,
    /** The next n SendSms calls are refused with this code (e.g. isp.SYSTEM_ERROR). */
    failWith(code: string, n = 1) {
      failures = [...failures, ...Array.from({ length: n }, () => code)];
    },
    /** The next SendSms is accepted but never answered; resolves once it arrived. */
    holdNext(): Promise<void> {
      holds++;
      return new Promise((r) => (held = r));
    },
    async close() {
      for (const r of heldResponses) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
