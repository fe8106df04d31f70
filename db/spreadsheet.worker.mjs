// A thread that reads spreadsheets for db/spreadsheet.server.ts, one at a time. Plain JavaScript so
// that it starts the same under tsx (the Temporal worker, tests) and under the Remix build
// (build/index.js runs on plain node): it loads the TypeScript reader through tsx's API.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { parseSheet } = await tsImport('./spreadsheet-parse.ts', import.meta.url);
parentPort.on('message', async ({ id, data, fileName, limits }) => {
  parentPort.postMessage({ id, result: await parseSheet(new Uint8Array(data), fileName, limits) });
});
parentPort.postMessage({ ready: true });
