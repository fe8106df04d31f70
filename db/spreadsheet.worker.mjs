// A thread that reads spreadsheets for db/spreadsheet.server.ts, one at a time. Plain JavaScript
// (as is the reader it loads) so that it starts the same, and fast, under tsx (the Temporal
// worker, tests) and under the Remix build (build/index.js runs on plain node).
import { parentPort } from 'node:worker_threads';
import { parseSheet } from './spreadsheet-parse.mjs';

parentPort.on('message', async ({ id, data, fileName, limits }) => {
  parentPort.postMessage({ id, result: await parseSheet(new Uint8Array(data), fileName, limits) });
});
parentPort.postMessage({ ready: true });
