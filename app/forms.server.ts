/**
 * The one way a route reads a form body (docs/decisions/015-one-form-reader.md).
 *
 * - Call it **after** the role check: nothing of the body is read before `readForm` runs.
 * - Every body is capped before it is buffered: a declared `Content-Length` over the cap is refused
 *   without reading a byte; a body without one is counted while it streams and refused at the cap.
 *   A refused body answers a localized 413 page (FormErrorBoundary) and nothing changes.
 * - Files are accepted only in the fields a route names, counted and size-capped while streaming, and
 *   recognised by their first bytes (domain/attachments.ts), never by the browser's claim (decision 007).
 *   A file the route does not accept, or a wrong type, comes back as `fileError` (an i18n key) so the
 *   form can say why.
 */
import {
  MaxPartSizeExceededError,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import { z } from 'zod';
import {
  MAX_ATTACHMENT_BYTES,
  cleanFileName,
  sniffAttachment,
  sniffSpreadsheet,
  type AttachmentType,
  type SpreadsheetType,
} from '../domain/attachments';

/** Caps for every form body. Text answers are capped again, per field, by each form's zod schema. */
export const BODY_LIMITS = {
  /** A whole urlencoded body, and the text parts of a multipart body together. */
  textBytes: 256 * 1024,
  /** Fields (text parts) in one body: the largest form, a paper tally sheet, has a few dozen. */
  fields: 400,
  /** Bytes of the multipart framing allowed beyond the text and file caps (part headers, boundaries). */
  framingBytes: 64 * 1024,
} as const;

export type FileRule = {
  /** The form field that carries the files. */
  field: string;
  /** How the content is recognised: an attachment (photo, scan, document) or a spreadsheet to import. */
  kind: 'attachment' | 'spreadsheet';
  /** At most this many files (default 1). */
  max?: number;
  /** At most this many bytes per file (default decision 007's 10 MB). */
  maxBytes?: number;
};

export type CheckedFile = { field: string; filename: string; contentType: AttachmentType | SpreadsheetType; content: Uint8Array };

export type ReadForm = { formData: FormData; files: CheckedFile[]; fileError?: string };

const CODES = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as const;

/** The response a refused body answers; FormErrorBoundary renders it in the reader's language. */
export function bodyRefused(status: keyof typeof CODES): Response {
  return new Response(CODES[status], { status, statusText: CODES[status], headers: { Connection: 'close' } });
}

class TooLarge extends Error {}

/** Reads the form: urlencoded or multipart, capped; files only as `files` allows. Throws a 413/415 Response. */
export async function readForm(request: Request, options: { files?: FileRule } = {}): Promise<ReadForm> {
  const rule = options.files;
  const maxFiles = rule ? (rule.max ?? 1) : 0;
  const maxFileBytes = rule ? Math.min(rule.maxBytes ?? MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES) : 0;
  const type = (request.headers.get('Content-Type') ?? '').toLowerCase();
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  const multipart = type.startsWith('multipart/form-data');
  const cap = multipart ? BODY_LIMITS.textBytes + BODY_LIMITS.framingBytes + maxFiles * maxFileBytes : BODY_LIMITS.textBytes;
  if (Number.isFinite(declared) && declared > cap) throw bodyRefused(413);
  if (!request.body) return { formData: new FormData(), files: [] };
  if (type.startsWith('application/x-www-form-urlencoded')) return { formData: await readUrlEncoded(request), files: [] };
  if (!multipart) {
    if (declared === 0) return { formData: new FormData(), files: [] };
    throw bodyRefused(415);
  }
  return readMultipart(request, rule, maxFiles, maxFileBytes);
}

async function readUrlEncoded(request: Request): Promise<FormData> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BODY_LIMITS.textBytes) {
      await reader.cancel();
      throw bodyRefused(413);
    }
    chunks.push(value);
  }
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const formData = new FormData();
  let fields = 0;
  for (const [k, v] of params) {
    if (++fields > BODY_LIMITS.fields) throw bodyRefused(413);
    formData.append(k, v);
  }
  return formData;
}

async function readMultipart(request: Request, rule: FileRule | undefined, maxFiles: number, maxFileBytes: number): Promise<ReadForm> {
  let fields = 0;
  let textBytes = 0;
  let fileCount = 0;
  let fileError: string | undefined;
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename !== 'string') {
      if (++fields > BODY_LIMITS.fields) throw new TooLarge();
      const chunks: Uint8Array[] = [];
      for await (const chunk of data) {
        textBytes += chunk.byteLength;
        if (textBytes > BODY_LIMITS.textBytes) throw new TooLarge();
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString('utf8');
    }
    // A file part. An empty file input arrives as a part with no name and no bytes: skip it.
    const accepted = rule !== undefined && name === rule.field;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (!accepted) {
        textBytes += chunk.byteLength; // a file where none is taken counts against the text cap
        if (textBytes > BODY_LIMITS.textBytes) throw new TooLarge();
        continue;
      }
      if (size > maxFileBytes) throw new MaxPartSizeExceededError(name, maxFileBytes);
      chunks.push(chunk);
    }
    if (size === 0 && !filename) return undefined;
    if (!accepted) {
      fileError ??= 'forms.errors.fileNotTaken';
      return undefined;
    }
    if (++fileCount > maxFiles) {
      fileError ??= maxFiles === 1 ? 'forms.errors.oneFile' : 'attachments.errors.tooMany';
      return undefined;
    }
    const content = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      content.set(c, at);
      at += c.byteLength;
    }
    return new File([content], filename, { type: contentType });
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (e) {
    if (e instanceof TooLarge) throw bodyRefused(413);
    if (e instanceof MaxPartSizeExceededError) return { formData: new FormData(), files: [], fileError: 'attachments.errors.tooLarge' };
    if (e instanceof TypeError) throw bodyRefused(400); // no boundary, or framing that does not parse
    throw e;
  }
  const files: CheckedFile[] = [];
  if (rule) {
    const parts = formData.getAll(rule.field).filter((f): f is File => typeof f !== 'string');
    formData.delete(rule.field);
    for (const part of parts) {
      const content = new Uint8Array(await part.arrayBuffer());
      const filename = cleanFileName(part.name);
      const sniffed = rule.kind === 'attachment' ? sniffAttachment(filename, content) : sniffSpreadsheet(filename, content);
      if (!sniffed.ok) {
        fileError ??= sniffed.key;
        continue;
      }
      files.push({ field: rule.field, filename, contentType: sniffed.type, content });
    }
  }
  return fileError ? { formData, files: [], fileError } : { formData, files };
}

// ─── ids in URLs ────────────────────────────────────────────────────────────────────────────────

const uuid = z.guid(); // 8-4-4-4-12 hex digits, as PostgreSQL's uuid type reads them

/** A uuid from the URL (`:motionId`, `:electionId`, `:fileId`, …), or a 404: a malformed id never reaches SQL. */
export function idParam(value: string | undefined): string {
  const r = uuid.safeParse(value);
  if (!r.success) throw new Response('Not Found', { status: 404 });
  return r.data;
}

/** True when `value` is a uuid (for ids that arrive in form fields). */
export const isId = (value: unknown): value is string => uuid.safeParse(value).success;

/**
 * The form's idempotency key (hidden field `key`, a uuid from the page's loader): a new one when the
 * form has none, a 400 when it is not a uuid (it becomes a row id or a workflow update id).
 */
export function formKey(form: FormData, field = 'key'): string {
  const v = form.get(field);
  if (v === null || v === '') return crypto.randomUUID();
  if (!isId(v)) throw bodyRefused(400);
  return v;
}

/** The first problem of a failed zod parse as a refusal `{ key }` (the schemas' messages are i18n keys). */
export function firstIssue(error: { issues: { message: string }[] }, fallback = 'form.invalid'): { key: string } {
  return { key: error.issues[0]?.message || fallback };
}

/** The named text fields of a form as an object for a flat zod schema (a missing field is undefined). */
export function fieldsOf<K extends string>(form: FormData, ...names: K[]): Record<K, string | undefined> {
  const out = {} as Record<K, string | undefined>;
  for (const n of names) {
    const v = form.get(n);
    out[n] = typeof v === 'string' ? v : undefined;
  }
  return out;
}

/** The first field error of a failed conform submission as a refusal `{ key }`. */
export function firstFieldError(error: Record<string, string[] | null> | null | undefined, fallback = 'form.invalid'): { key: string } {
  return { key: Object.values(error ?? {}).flat()[0] ?? fallback };
}
