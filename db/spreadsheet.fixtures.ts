/**
 * Crafted spreadsheets for tests, built by hand with node:zlib so that a test can make any file an
 * attacker could: a cell at XFD1048576, a sheet that inflates to hundreds of MB, a zip whose
 * directory lies about sizes, a huge shared-strings table.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export type ZipPart = {
  name: string;
  data: Buffer | string;
  /** Already deflated bytes (for parts too large to build in memory) with their real size and CRC. */
  deflated?: { bytes: Buffer; size: number; crc: number };
  /** A lie for the directory: the uncompressed size it declares. */
  declaredSize?: number;
};

/** A zip file (deflate, no zip64) of the parts, local headers and central directory alike. */
export function zip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const raw = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : p.data;
    const body = p.deflated?.bytes ?? deflateRawSync(raw);
    const size = p.declaredSize ?? p.deflated?.size ?? raw.length;
    const crc = p.deflated?.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around a given sheet (and optionally shared strings). */
export function workbookParts(sheet: Omit<ZipPart, 'name'>, sharedStrings?: Omit<ZipPart, 'name'>): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', ...sharedStrings }] : []),
  ];
}

/** A worksheet part holding the given `<row>` elements. */
export const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;

/** An inline-string cell. */
export const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A one-sheet XLSX file whose sheet holds `rows`. */
export const xlsxOf = (rows: string, sharedStrings?: string) =>
  zip(workbookParts({ data: sheetXml(rows) }, sharedStrings === undefined ? undefined : { data: sharedStrings }));

/**
 * A zip bomb: an XLSX of a few hundred KB whose sheet inflates to `mb` MiB of valid rows, deflated
 * as a stream so that the test never holds the inflated text.
 */
export async function bombXlsx(mb: number): Promise<Buffer> {
  const head = Buffer.from(sheetXml('').replace('</sheetData></worksheet>', ''), 'utf8');
  const tail = Buffer.from('</sheetData></worksheet>', 'utf8');
  const filler = Buffer.from('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(20_000), 'utf8'); // ≈ 1 MB
  const times = Math.ceil((mb * 1024 * 1024) / filler.length);
  const deflate = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  let crc = crc32(head);
  deflate.write(head);
  for (let i = 0; i < times; i++) {
    crc = crc32(filler, crc);
    if (!deflate.write(filler)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = crc32(tail, crc);
  deflate.end(tail);
  await ended;
  const size = head.length + times * filler.length + tail.length;
  return zip(workbookParts({ data: '', deflated: { bytes: Buffer.concat(out), size, crc } }));
}
