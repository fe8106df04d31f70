/**
 * The reading half of the spreadsheet reader (db/spreadsheet.server.ts is the door): runs inside a
 * worker thread (db/spreadsheet.worker.mjs), never on an event loop that serves workflows or pages.
 * Every step is capped before it allocates: the file's bytes; the zip's entries, their declared
 * uncompressed sizes (central directory) *and* the bytes actually inflated, counted while streaming;
 * the row and column of every cell that holds a value (a cell at XFD1048576 stops the read at once,
 * nothing is sized by the sheet's declared dimension); the length of every cell and shared string;
 * the number of shared strings. Zip: yauzl; XML: saxes (a SAX parser that expands no DTD
 * entities); CSV: csv-parse. See docs/decisions/027-spreadsheet-reader.md.
 */
import { posix } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';

/**
 * Plain JavaScript so that a reading thread starts in milliseconds under tsx, vitest and the Remix
 * build alike (loading tsx in each thread took a second, which scaled-time elections noticed).
 * The types are in db/spreadsheet.server.ts.
 * @typedef {import('./spreadsheet.server').SheetLimits} SheetLimits
 * @typedef {import('./spreadsheet.server').SheetResult} SheetResult
 */

class Refused extends Error {
  key;
  params;
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

const MB = 1024 * 1024;

const MAX_ZIP_ENTRIES = 10_000;

const XLSX_NAMES = /\.(xlsx|xlsm|xltx|xltm)$/i;

/** Column letters of a 1-based column number (1 → A, 16384 → XFD). */
export function columnName(n) {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Reads the first worksheet of an XLSX file, or a CSV file, within `limits`. Never throws.
 * @param {Uint8Array} data
 * @param {string} fileName
 * @param {SheetLimits} limits
 * @returns {Promise<SheetResult>}
 */
export async function parseSheet(data, fileName, limits) {
  try {
    if (data.length > limits.maxBytes) throw new Refused('sheet.tooLarge', { maxMb: Math.round((limits.maxBytes / MB) * 10) / 10 });
    if (data.length === 0) throw new Refused('sheet.empty');
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const format = detect(bytes, fileName);
    const table = format === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, limits);
    return { ok: true, format, ...splitHeader(table) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, key: e.key, params: e.params };
    return { ok: false, key: 'sheet.notSpreadsheet', params: {} }; // anything unforeseen in a zip or XML: not a sound spreadsheet
  }
}

function detect(bytes, fileName) {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) {
    // An OLE compound file: a password-protected OOXML workbook (it holds an "EncryptionInfo"
    // stream) or an Excel 97–2003 .xls.
    throw new Refused(bytes.includes(Buffer.from('EncryptionInfo', 'utf16le')) ? 'sheet.encrypted' : 'sheet.oldExcel');
  }
  if (XLSX_NAMES.test(fileName) || /\.xls$/i.test(fileName)) throw new Refused('sheet.notSpreadsheet');
  if (/\.(csv|txt)$/i.test(fileName) || !/\.[a-z0-9]+$/i.test(fileName)) return 'csv';
  throw new Refused('sheet.unsupportedType');
}

function splitHeader(table) {
  const filled = (r) => r !== undefined && r.some((c) => c.trim() !== '');
  const h = table.findIndex(filled);
  if (h < 0) return { header: [], headerRow: 1, rows: [] };
  let end = table.length;
  while (end > h + 1 && !filled(table[end - 1])) end--;
  const rows = [];
  for (let i = h + 1; i < end; i++) rows.push(table[i] ?? []);
  return { header: table[h], headerRow: h + 1, rows };
}

// ─── CSV ────────────────────────────────────────────────────────────────────────────────────────

function decodeText(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes); // Excel's "Unicode text"
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.includes(0)) throw new Refused('sheet.notSpreadsheet'); // binary data, not text
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes); // CSV saved by Excel on Chinese Windows
  }
}

function readCsv(bytes, limits) {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  let count = 0;
  let total = 0;
  try {
    return parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // One record may not buffer more than a full row of full cells.
      max_record_size: limits.maxColumns * limits.maxCellChars,
      on_record: (record) => {
        count++;
        const filled = record.some((c) => c !== '');
        if (filled && count > limits.maxRows) throw new Refused('sheet.tooManyRows', { max: limits.maxRows });
        for (let c = limits.maxColumns + 1; c <= record.length; c++)
          if (record[c - 1] !== '')
            throw new Refused('sheet.tooManyColumns', { max: limits.maxColumns, row: count, column: columnName(c) });
        record.forEach((cell, i) => {
          if (cell.length > limits.maxCellChars)
            throw new Refused('sheet.cellTooLong', { max: limits.maxCellChars, row: count, column: columnName(i + 1) });
          total += cell.length;
        });
        if (total > limits.maxTotalChars) throw new Refused('sheet.tooMuchText', { max: limits.maxTotalChars });
        return record.length > limits.maxColumns ? record.slice(0, limits.maxColumns) : record;
      },
    });
  } catch (e) {
    if (e instanceof Refused) throw e;
    const code = e.code;
    const line = e.lines ?? count + 1;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new Refused('sheet.rowTooLong', { max: limits.maxColumns * limits.maxCellChars, line });
    throw new Refused('sheet.csvMalformed', { line });
  }
}

// ─── XLSX: the zip ──────────────────────────────────────────────────────────────────────────────

/** The central directory: every entry by its (lower-case) name, and the budget of inflated bytes. */
function openZip(bytes, limits) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, file) => {
      if (err || !file) return reject(new Refused('sheet.notSpreadsheet'));
      if (file.entryCount > MAX_ZIP_ENTRIES) return reject(new Refused('sheet.notSpreadsheet'));
      const entries = new Map();
      file.on('entry', (entry) => {
        entries.set(entry.fileName.replace(/\\/g, '/').toLowerCase(), entry);
        file.readEntry();
      });
      file.on('end', () => resolve({ file, entries, budget: { left: limits.maxInflatedBytes, max: limits.maxInflatedBytes } }));
      file.on('error', () => reject(new Refused('sheet.notSpreadsheet')));
      file.readEntry();
    });
  });
}

const inflatesTooMuch = (zip) => new Refused('sheet.inflatesTooMuch', { maxMb: Math.round(zip.budget.max / MB) });

/**
 * Streams one part of the zip through a SAX parser. The declared size is checked first (central
 * directory), then every inflated byte is counted against the budget (a lying header is caught by
 * the count, and by yauzl's own check of declared against actual sizes).
 */
async function readPart(zip, name, handlers) {
  const entry = zip.entries.get(name.toLowerCase());
  if (!entry) return false;
  if (entry.isEncrypted()) throw new Refused('sheet.encrypted');
  if (entry.uncompressedSize > zip.budget.left) throw inflatesTooMuch(zip);
  const parser = new SaxesParser({ xmlns: false });
  parser.on('doctype', () => {
    throw new Refused('sheet.notSpreadsheet'); // OOXML parts never carry a DTD
  });
  handlers(parser);
  const stream = await new Promise((resolve, reject) =>
    zip.file.openReadStream(entry, (err, s) => (err || !s ? reject(new Refused('sheet.notSpreadsheet')) : resolve(s)))
  );
  const decoder = new TextDecoder('utf-8');
  await new Promise((resolve, reject) => {
    let failed = false;
    const fail = (e) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(e instanceof Refused ? e : new Refused('sheet.notSpreadsheet'));
    };
    stream.on('data', (chunk) => {
      if (failed) return;
      zip.budget.left -= chunk.length;
      if (zip.budget.left < 0) return fail(inflatesTooMuch(zip));
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (e) {
        fail(e);
      }
    });
    stream.on('error', fail);
    stream.on('end', () => {
      if (failed) return;
      try {
        parser.write(decoder.decode());
        parser.close();
        resolve();
      } catch (e) {
        fail(e);
      }
    });
  });
  return true;
}

const local = (name) => name.slice(name.indexOf(':') + 1);

const attr = (tag, name) => {
  for (const [k, v] of Object.entries(tag.attributes)) if (k === name || local(k) === name) return v;
  return undefined;
};

/** Relationship targets of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), resolved to zip paths. */
async function relationships(zip, part) {
  const dir = posix.dirname(part);
  const relsPath = posix.join(dir === '.' ? '' : dir, '_rels', `${posix.basename(part)}.rels`);
  const rels = [];
  await readPart(zip, relsPath, (p) =>
    p.on('opentag', (tag) => {
      if (local(tag.name) !== 'Relationship' || rels.length >= 1000) return;
      const target = attr(tag, 'Target') ?? '';
      const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir === '.' ? '' : dir, target));
      rels.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: resolved });
    })
  );
  return rels;
}

// ─── XLSX: the workbook ─────────────────────────────────────────────────────────────────────────

async function readXlsx(bytes, limits) {
  const zip = await openZip(bytes, limits);
  try {
    if (zip.entries.has('encryptedpackage') || zip.entries.has('encryptioninfo')) throw new Refused('sheet.encrypted');
    const root = await relationships(zip, '');
    const workbook = root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    let firstSheetId;
    const found = await readPart(zip, workbook, (p) =>
      p.on('opentag', (tag) => {
        if (local(tag.name) === 'sheet' && firstSheetId === undefined) firstSheetId = attr(tag, 'id') ?? '';
      })
    );
    if (!found || firstSheetId === undefined) throw new Refused('sheet.notSpreadsheet');
    const rels = await relationships(zip, workbook);
    const sheetPart = rels.find((r) => r.id === firstSheetId)?.target;
    if (!sheetPart) throw new Refused('sheet.notSpreadsheet');
    const stringsPart = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const strings = stringsPart ? await readSharedStrings(zip, stringsPart, limits) : [];
    return await readWorksheet(zip, sheetPart, strings, limits);
  } finally {
    zip.file.close();
  }
}

/** Collects the text of `<t>` elements inside `container`, skipping phonetic runs (`<rPh>`). */
function textCollector(maxChars, onTooLong) {
  let depthT = 0;
  let inPhonetic = 0;
  let text = '';
  return {
    reset() {
      text = '';
    },
    get text() {
      return text;
    },
    open(name) {
      if (name === 'rPh') inPhonetic++;
      else if (name === 't' && inPhonetic === 0) depthT++;
    },
    close(name) {
      if (name === 'rPh') inPhonetic--;
      else if (name === 't' && inPhonetic === 0) depthT--;
    },
    add(s) {
      if (depthT <= 0) return;
      text += s;
      if (text.length > maxChars) onTooLong();
    },
  };
}

async function readSharedStrings(zip, part, limits) {
  const strings = [];
  const t = textCollector(limits.maxCellChars, () => {
    throw new Refused('sheet.stringTooLong', { max: limits.maxCellChars });
  });
  await readPart(zip, part, (p) => {
    p.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'si') {
        if (strings.length >= limits.maxSharedStrings) throw new Refused('sheet.tooManyStrings', { max: limits.maxSharedStrings });
        t.reset();
      } else t.open(name);
    });
    p.on('text', (s) => t.add(s));
    p.on('cdata', (s) => t.add(s));
    p.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 'si') strings.push(t.text);
      else t.close(name);
    });
  });
  return strings;
}

/** `B12` → { row: 12, column: 2 }; `undefined` for a malformed reference. */
function parseRef(ref) {
  const m = /^\$?([A-Za-z]{1,4})\$?(\d{1,8})$/.exec(ref);
  if (!m) return undefined;
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column };
}

async function readWorksheet(zip, part, strings, limits) {
  const table = [];
  let row = 0;
  let column = 0;
  let type = 'n';
  let value = '';
  let inValue = false;
  let inInline = false;
  const tooLong = () => {
    throw new Refused('sheet.cellTooLong', { max: limits.maxCellChars, row, column: columnName(column) });
  };
  const inline = textCollector(limits.maxCellChars, tooLong);
  const addText = (s) => {
    if (inInline) inline.add(s);
    else if (inValue) {
      value += s;
      if (value.length > limits.maxCellChars) tooLong();
    }
  };
  let total = 0;
  const place = (text) => {
    if (text === '') return; // empty or only styled: neither counted nor stored
    if (row > limits.maxRows) throw new Refused('sheet.tooManyRows', { max: limits.maxRows });
    if (column > limits.maxColumns) throw new Refused('sheet.tooManyColumns', { max: limits.maxColumns, row, column: columnName(column) });
    total += text.length;
    if (total > limits.maxTotalChars) throw new Refused('sheet.tooMuchText', { max: limits.maxTotalChars });
    while (table.length < row) table.push([]);
    const cells = table[row - 1];
    while (cells.length < column) cells.push('');
    cells[column - 1] = text;
  };
  const found = await readPart(zip, part, (p) => {
    p.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'row') {
        const r = Number(attr(tag, 'r'));
        row = Number.isInteger(r) && r > 0 ? r : row + 1;
        column = 0;
      } else if (name === 'c') {
        const ref = parseRef(attr(tag, 'r') ?? '');
        if (ref) {
          row = ref.row;
          column = ref.column;
        } else column++;
        type = attr(tag, 't') ?? 'n';
        value = '';
        inline.reset();
      } else if (name === 'v') inValue = true;
      else if (name === 'is') inInline = true;
      else if (inInline) inline.open(name);
    });
    p.on('text', addText);
    p.on('cdata', addText);
    p.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 'v') inValue = false;
      else if (name === 'is') inInline = false;
      else if (inInline) inline.close(name);
      else if (name === 'c') place(cellText(type, value, inline.text, strings));
    });
  });
  if (!found) throw new Refused('sheet.notSpreadsheet');
  return table;
}

/** The text a cell shows, by its type: shared string, inline string, formula string, boolean, error, number or date. */
function cellText(type, value, inline, strings) {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'inlineStr':
      return inline;
    case 'b':
      return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    default:
      return value; // n (numbers as stored, e.g. a phone number 13800138000), str, e, d
  }
}
