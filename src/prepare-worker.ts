/** A worker thread of src/prepare.ts: prepares the articles it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { prepareArticle } from './prepare.js';

parentPort!.on('message', ({ file, bytes }: { file: string; bytes: Uint8Array }) => {
  try {
    parentPort!.postMessage(prepareArticle(file, bytes));
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
