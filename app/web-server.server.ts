/**
 * The web process around Remix (decision 023): an Express app that sets the security headers,
 * refuses cross-site writes before Remix reads a byte, tells Remix the client's address, and gives
 * every page a CSP nonce. `server.ts` runs it; tests run it with a stand-in for Remix.
 */
import { randomBytes } from 'node:crypto';
import compression from 'compression';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { securityMessages } from './i18n/security-messages';

export type WebOptions = {
  /** MINYI_PUBLIC_URL: the address people use; https there turns on HSTS and Secure cookies. */
  publicUrl?: string;
  /** MINYI_TRUST_PROXY: how many reverse proxies stand in front (their X-Forwarded-For is believed). */
  trustProxy?: number;
  /** Remix's request handler (or a stand-in). It receives `res.locals.cspNonce` and `clientAddress`. */
  handler: RequestHandler;
  /** Static files served before the handler: [url prefix, directory, max age]. */
  statics?: { prefix: string; dir: string; immutable?: boolean }[];
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write (any method but GET/HEAD/OPTIONS) is refused when the browser says it comes from another
 * site: `Sec-Fetch-Site` other than same-origin/none, or else an `Origin` that is not ours. A
 * request with neither header (old browsers, scripts) passes; SameSite=Lax cookies still hold.
 */
export function isCrossSiteWrite(
  req: { method: string; headers: Record<string, string | string[] | undefined> },
  ownOrigin: string,
): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin) return origin !== ownOrigin;
  return false;
}

type Lang = keyof typeof securityMessages;
function langOf(req: Request): Lang {
  const cookie = req.headers.cookie ?? '';
  if (/(?:^|;\s*)minyi_lang=[^;]*en/.test(cookie)) return 'en';
  if (/(?:^|;\s*)minyi_lang=/.test(cookie)) return 'zh-CN';
  return /^\s*en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page of its own (Remix has not run): title, text, a link home. */
export function plainPage(req: Request, res: Response, status: number, which: 'crossSite'): void {
  const lang = langOf(req);
  const m = securityMessages[lang].security[which];
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(m.title)}</title><style nonce="${res.locals.cspNonce}">body{font:18px/1.6 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1rem;max-width:40rem}a{display:inline-block;min-height:44px;line-height:44px}</style></head>` +
        `<body><main><h1>${escapeHtml(m.title)}</h1><p>${escapeHtml(m.body)}</p><p><a href="/">${escapeHtml(m.home)}</a></p></main></body></html>`,
    );
}

export function createWebApp(opts: WebOptions): express.Express {
  const https = (opts.publicUrl ?? '').startsWith('https:');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy && opts.trustProxy > 0 ? opts.trustProxy : false);
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrcAttr: ["'unsafe-inline'"], // bar widths of the result charts; no script can run from it
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const own = opts.publicUrl ? new URL(opts.publicUrl).origin : `${req.protocol}://${req.get('host')}`;
    if (isCrossSiteWrite(req, own)) return plainPage(req, res, 403, 'crossSite');
    next();
  });
  app.use(compression());
  for (const s of opts.statics ?? []) {
    app.use(s.prefix, express.static(s.dir, s.immutable ? { immutable: true, maxAge: '1y' } : { maxAge: '1h' }));
  }
  app.all('*', opts.handler);
  return app;
}
