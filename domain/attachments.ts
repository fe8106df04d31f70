/**
 * What may be uploaded (photos, scans, documents) and how a file's type is recognised: by its first
 * bytes, never by the name or the browser's claim alone.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_FORM = 10;

export const ATTACHMENT_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** The checked type of a file, or a refusal key. */
export function sniffAttachment(
  name: string,
  bytes: Uint8Array,
): { ok: true; type: AttachmentType } | { ok: false; key: string } {
  if (bytes.length === 0) return { ok: false, key: 'attachments.errors.empty' };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, key: 'attachments.errors.tooLarge' };
  const ext = name.toLowerCase().split('.').pop() ?? '';
  let type: AttachmentType | undefined;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) type = 'application/pdf';
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) type = 'image/jpeg';
  else if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) type = 'image/png';
  else if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) type = 'image/webp';
  else if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML files are ZIP archives; the extension tells which kind.
    if (ext === 'docx') type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (ext === 'xlsx') type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  if (!type) return { ok: false, key: 'attachments.errors.type' };
  if (!(ATTACHMENT_TYPES[type] as readonly string[]).includes(ext)) return { ok: false, key: 'attachments.errors.extension' };
  return { ok: true, type };
}

/** A file name safe to show and to send in Content-Disposition. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // eslint-disable-next-line no-control-regex -- control characters are what a file name must not carry
  const cleaned = base.replace(/[\u0000-\u001f"<>|:*?]/g, '_').trim();
  return (cleaned || 'file').slice(0, 120);
}

export const SPREADSHEET_TYPES = {
  'text/csv': ['csv', 'txt', ''],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
} as const;
export type SpreadsheetType = keyof typeof SPREADSHEET_TYPES;

/**
 * The checked type of a spreadsheet to import (a voter register, a catalogue): XLSX by its ZIP
 * signature, CSV as text without NUL bytes; the extension must agree. An empty file passes here so
 * the importer can say "the file is empty" in its own words.
 */
export function sniffSpreadsheet(name: string, bytes: Uint8Array): { ok: true; type: SpreadsheetType } | { ok: false; key: string } {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const type: SpreadsheetType = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : 'text/csv';
  if (type === 'text/csv' && !looksLikeText(bytes.subarray(0, 64 * 1024))) return { ok: false, key: 'attachments.errors.type' };
  if (!(SPREADSHEET_TYPES[type] as readonly string[]).includes(ext)) return { ok: false, key: 'attachments.errors.extension' };
  return { ok: true, type };
}

/** Text in UTF-8 or GB18030 has no control bytes other than tab, LF, FF and CR. */
function looksLikeText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return false;
  return true;
}
