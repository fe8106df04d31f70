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
 * It reads in worker threads with a heap limit (`resourceLimits`) and a time limit (after which the
 * thread is terminated), at most `MAX_PARALLEL_READS` at a time (others wait); a thread that ends a
 * read normally is kept a minute for the next. So a bad file stalls neither workflows nor pages: see
 * docs/decisions/027-spreadsheet-reader.md and db/spreadsheet-parse.mjs for the caps.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
export type SheetLimits = {
  /** Size of the uploaded file. */
  maxBytes: number;
  /** Highest spreadsheet row that may hold a value (header row included). */
  maxRows: number;
  /** Highest column that may hold a value. */
  maxColumns: number;
  /** Characters in one cell (and in one shared string). */
  maxCellChars: number;
  /** Characters in all cells together (a shared string counts each time a cell uses it). */
  maxTotalChars: number;
  /** Bytes the parts we read may inflate to, all together (XLSX). */
  maxInflatedBytes: number;
  /** Entries in the shared-strings table (XLSX). */
  maxSharedStrings: number;
  /** Wall-clock limit of one read; the thread is terminated after it. */
  timeoutMs: number;
  /** Heap limit of the reading thread. */
  memoryMb: number;
};

export type SheetRefusalKey =
  | 'sheet.empty'
  | 'sheet.tooLarge'
  | 'sheet.tooManyRows'
  | 'sheet.tooManyColumns'
  | 'sheet.cellTooLong'
  | 'sheet.stringTooLong'
  | 'sheet.rowTooLong'
  | 'sheet.inflatesTooMuch'
  | 'sheet.tooManyStrings'
  | 'sheet.tooMuchText'
  | 'sheet.notSpreadsheet'
  | 'sheet.encrypted'
  | 'sheet.oldExcel'
  | 'sheet.unsupportedType'
  | 'sheet.csvMalformed'
  | 'sheet.tooComplex'
  | 'sheet.tooSlow'
  | 'sheet.unreadable';

export type SheetRefusal = { ok: false; key: SheetRefusalKey; params: Record<string, string | number> };
export type SheetResult =
  | {
      ok: true;
      format: 'csv' | 'xlsx';
      /** The first row with a value (cells as written, not trimmed). */
      header: string[];
      /** Spreadsheet row number (1-based) of the header. */
      headerRow: number;
      /** The rows after the header, trailing blank rows dropped; `rows[i]` is spreadsheet row `headerRow + 1 + i`. */
      rows: string[][];
    }
  | SheetRefusal;

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxRows: 50_001,
  maxColumns: 64,
  maxCellChars: 2_000,
  maxTotalChars: 16_000_000,
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

/** A reading thread; kept for the next read (same heap limit) unless a read ended it. */
type Reader = { worker: Worker; memoryMb: number; ready: Promise<void>; idleTimer?: NodeJS.Timeout };
const idle: Reader[] = [];
let running = 0;
const waiting: (() => void)[] = [];
let nextId = 0;
const IDLE_MS = 60_000;

async function slot<T>(run: () => Promise<T>): Promise<T> {
  while (running >= MAX_PARALLEL_READS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function startReader(file: string, memoryMb: number): Reader {
  const worker = new Worker(file, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('reader thread exited')));
  });
  ready.catch(() => {}); // handled where awaited
  return { worker, memoryMb, ready };
}

function takeReader(file: string, memoryMb: number): Reader {
  const i = idle.findIndex((r) => r.memoryMb === memoryMb);
  if (i < 0) return startReader(file, memoryMb);
  const [r] = idle.splice(i, 1);
  clearTimeout(r!.idleTimer);
  r!.worker.ref();
  return r!;
}

function giveBack(r: Reader) {
  r.worker.unref(); // an idle thread never keeps the process alive
  r.idleTimer = setTimeout(() => {
    const i = idle.indexOf(r);
    if (i >= 0) idle.splice(i, 1);
    void r.worker.terminate();
  }, IDLE_MS);
  r.idleTimer.unref();
  idle.push(r);
}

/** Reads the first worksheet of an XLSX file or a CSV file (by content, then by name) within the limits. */
export async function readSheet(data: Uint8Array, fileName: string, limits: Partial<SheetLimits> = {}): Promise<SheetResult> {
  const l: SheetLimits = { ...DEFAULT_SHEET_LIMITS, ...limits };
  if (data.length > l.maxBytes) return { ok: false, key: 'sheet.tooLarge', params: { maxMb: Math.round((l.maxBytes / 1024 / 1024) * 10) / 10 } };
  if (!WORKER_FILE) throw new Error('db/spreadsheet.worker.mjs not found');
  const file = WORKER_FILE;
  return slot(() => readInThread(takeReader(file, l.memoryMb), data, fileName, l));
}

const refusal = (key: SheetRefusal['key'], params: SheetRefusal['params'] = {}): SheetRefusal => ({ ok: false, key, params });

function readInThread(reader: Reader, data: Uint8Array, fileName: string, limits: SheetLimits): Promise<SheetResult> {
  const copy = new Uint8Array(data.byteLength); // transferred to the thread (a Buffer may be a view of a shared pool)
  copy.set(data);
  const id = ++nextId;
  const { worker } = reader;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SheetResult, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) giveBack(reader);
      else void worker.terminate();
      resolve(r);
    };
    const onMessage = (m: { id?: number; result?: SheetResult }) => {
      if (m.id === id && m.result) done(m.result, true);
    };
    const onError = (e: Error & { code?: string }) =>
      done(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? refusal('sheet.tooComplex', { maxMb: limits.memoryMb }) : refusal('sheet.unreadable'), false);
    const onExit = () => done(refusal('sheet.unreadable'), false);
    // The time limit covers the whole read, starting the thread included; after it the thread is ended.
    const timer = setTimeout(() => done(refusal('sheet.tooSlow', { seconds: Math.max(1, Math.round(limits.timeoutMs / 1000)) }), false), limits.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    reader.ready.then(
      () => worker.postMessage({ id, data: copy.buffer, fileName, limits }, [copy.buffer]),
      (e: Error & { code?: string }) => onError(e),
    );
  });
}
