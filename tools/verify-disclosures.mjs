#!/usr/bin/env node
// 民议 Minyi — standalone verifier of a community's disclosure chain (公开记录链校验).
//
// Anyone can download a community's chain from its public board (/p/<community>/chain.json) and
// check, with nothing but Node.js (18 or newer) and this one file, that no published entry was
// changed, removed or inserted afterwards:
//
//   node verify-disclosures.mjs chunhui-disclosures.json
//   curl -s https://<site>/p/chunhui/chain.json | node verify-disclosures.mjs -
//
// Each link commits to its content and to the link before it:
//   hash = sha256_hex(prevHash + "\n" + JCS(content)),  the first prevHash is "0" × 64,
// where JCS is the JSON Canonicalization Scheme of RFC 8785. This file implements JCS on its own
// (it does not share code with the application) so that it checks the application independently.
//
// Exit status: 0 the chain is intact, 1 it is broken (the first broken entry is named), 2 the file
// could not be read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const GENESIS = '0'.repeat(64);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** RFC 8785: sorted members (UTF-16 code units), no whitespace, ECMAScript number and string forms. */
export function canonicalize(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error('RFC 8785 forbids NaN and Infinity');
      return JSON.stringify(value); // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 requires
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new Error('RFC 8785 forbids lone surrogates');
      return JSON.stringify(value); // the escaping rules of RFC 8785 §3.2.2.2
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      const names = Object.keys(value).filter((k) => value[k] !== undefined);
      names.sort((a, b) => {
        // compare by UTF-16 code units, explicitly (RFC 8785 §3.2.3)
        const n = Math.min(a.length, b.length);
        for (let i = 0; i < n; i++) {
          const d = a.charCodeAt(i) - b.charCodeAt(i);
          if (d !== 0) return d;
        }
        return a.length - b.length;
      });
      return `{${names.map((k) => `${canonicalize(k)}:${canonicalize(value[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`not JSON: ${typeof value}`);
  }
}

const sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Checks links oldest first. Returns { ok: true, length, head } or
 * { ok: false, index, seq, id, title, reason } for the first link that breaks the chain.
 */
export function verifyLinks(links) {
  let prev = GENESIS;
  let lastSeq = -Infinity;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    const named = { index: i, seq: link?.seq, id: link?.id, title: link?.content?.title };
    if (!link || typeof link.hash !== 'string' || typeof link.prevHash !== 'string' || typeof link.content !== 'object') {
      return { ok: false, ...named, reason: 'malformed entry' };
    }
    if (!(link.seq > lastSeq)) return { ok: false, ...named, reason: 'entries out of order' };
    if (link.prevHash !== prev) {
      return { ok: false, ...named, reason: 'prevHash does not match the previous entry (an entry was removed, inserted or reordered)' };
    }
    let text;
    try {
      text = `${prev}\n${canonicalize(link.content)}`;
    } catch (e) {
      return { ok: false, ...named, reason: `content is not canonical JSON: ${e.message}` };
    }
    if (sha256Hex(text) !== link.hash) return { ok: false, ...named, reason: 'content does not match its hash (it was changed)' };
    prev = link.hash;
    lastSeq = link.seq;
  }
  return { ok: true, length: links.length, head: prev };
}

function main(argv) {
  const file = argv[0];
  if (!file || file === '-h' || file === '--help') {
    console.log('usage: node verify-disclosures.mjs <chain.json | ->');
    return 2;
  }
  let doc;
  try {
    doc = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (e) {
    console.error(`✗ 无法读取 cannot read ${file}: ${e.message}`);
    return 2;
  }
  const links = Array.isArray(doc) ? doc : doc?.links;
  if (!Array.isArray(links)) {
    console.error('✗ 文件中没有 links 列表 the file has no "links" list');
    return 2;
  }
  const r = verifyLinks(links);
  const who = doc?.community ? ` (${doc.community})` : '';
  if (r.ok) {
    console.log(`✓ 链条完整 chain intact${who}: ${r.length} entries, head ${r.head}`);
    return 0;
  }
  console.log(`✗ 链条断裂 chain BROKEN${who} at entry #${r.index + 1} (seq ${r.seq}, id ${r.id}, "${r.title ?? ''}"): ${r.reason}`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
