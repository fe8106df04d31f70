/**
 * The one spreadsheet reader of the app (XLSX and CSV), for every import.
 *
 *   const sheet = await readSheet(bytes, file.name, { maxRows: 5001 });
 *   if (!sheet.ok) return refuse(sheet.key, sheet.params); // a `sheet.*` message key (zh-CN and en)
 *   sheet.header;   // the first row with a value, e.g. ['姓名', '身份证号码', …]
 *   sheet.rows;     // the rows after it; rows[i] is spreadsheet row sheet.headerRow + 1 + i
 *
 * Cells come back as the text they hold (numbers as stored, booleans TRUE/FALSE), untrimmed; a row
 * may be shorter than the header. `readSheet` never throws for a bad file: a refusal says why
 * (too large, too many rows or columns, a cell too long, inflates beyond the limit, encrypted,
 * old .xls, not a spreadsheet, too slow, too much memory — keys in app/i18n/sheet-messages.ts).
 *
 * It reads in a worker thread with a heap limit and a time limit, at most `MAX_PARALLEL_READS` at a
 * time (others wait), so a bad file stalls neither workflows nor pages: see
 * docs/decisions/027-spreadsheet-reader.md and db/spreadsheet-parse.ts for the caps.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SheetLimits, SheetRefusal, SheetResult } from './spreadsheet-parse';

export type { SheetLimits, SheetRefusal, SheetRefusalKey, SheetResult } from './spreadsheet-parse';

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxRows: 50_001,
  maxColumns: 64,
  maxCellChars: 2_000,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxSharedStrings: 500_000,
  timeoutMs: 30_000,
  memoryMb: 256,
};

export const MAX_PARALLEL_READS = 2;

// Beside this module in the sources (tsx, tests); `../db/` from build/index.js in the Remix build.
const WORKER_FILE = [new URL('./spreadsheet.worker.mjs', import.meta.url), new URL('../db/spreadsheet.worker.mjs', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p));

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_READS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Reads the first worksheet of an XLSX file or a CSV file (by content, then by name) within the limits. */
export async function readSheet(data: Uint8Array, fileName: string, limits: Partial<SheetLimits> = {}): Promise<SheetResult> {
  const l: SheetLimits = { ...DEFAULT_SHEET_LIMITS, ...limits };
  if (data.length > l.maxBytes) return { ok: false, key: 'sheet.tooLarge', params: { maxMb: Math.round((l.maxBytes / 1024 / 1024) * 10) / 10 } };
  if (!WORKER_FILE) throw new Error('db/spreadsheet.worker.mjs not found');
  return slot(() => readInThread(data, fileName, l, WORKER_FILE));
}

function readInThread(data: Uint8Array, fileName: string, limits: SheetLimits, file: string): Promise<SheetResult> {
  const copy = new Uint8Array(data.byteLength); // transferred to the thread (a Buffer may be a view of a shared pool)
  copy.set(data);
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(file, {
      workerData: { data: copy.buffer, fileName, limits },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const done = (r: SheetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
      void worker.terminate();
    };
    const refusal = (key: SheetRefusal['key'], params: SheetRefusal['params'] = {}): SheetRefusal => ({ ok: false, key, params });
    const timer = setTimeout(() => done(refusal('sheet.tooSlow', { seconds: Math.round(limits.timeoutMs / 1000) })), limits.timeoutMs);
    worker.once('message', (r: SheetResult) => done(r));
    worker.once('error', (e: Error & { code?: string }) =>
      done(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? refusal('sheet.tooComplex', { maxMb: limits.memoryMb }) : refusal('sheet.unreadable')),
    );
    worker.once('exit', () => done(refusal('sheet.unreadable')));
  });
}
