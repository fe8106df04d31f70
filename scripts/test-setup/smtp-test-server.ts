/** A real SMTP server (the `smtp-server` package) on a free port for integration tests: keeps every message it accepts. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; messageId: string; subject: string; text: string; raw: string; headers: string };

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes non-ASCII subjects. */
function decodeWords(v: string): string {
  return v.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, kind: string, data: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')));
}
function qp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
/** The text of a single-part message, its transfer encoding undone. */
function bodyText(headers: string, body: string): string {
  const te = header(headers, 'Content-Transfer-Encoding').toLowerCase();
  if (te === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (te === 'quoted-printable') return qp(body);
  return body;
}

const header = (raw: string, name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? '';

export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  let rejectNext = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (rejectNext > 0) {
        rejectNext--;
        const e = new Error('mailbox unavailable') as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.search(/\r?\n\r?\n/);
        const headers = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
        const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: header(headers, 'Message-ID'),
          subject: decodeWords(header(headers, 'Subject')),
          text: bodyText(headers, body),
          raw,
          headers,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next n recipients are refused with 550. */
    rejectRecipients(n = 1) {
      rejectNext += n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
