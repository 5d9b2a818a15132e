/**
 * Worker thread: searches a range of a round's people for their best partners
 * (src/domain/matching/partnerSearch.ts) while the main thread searches the other range.
 * Started by ../partnerSearchThread.ts; built to dist/workers/partnerSearch.js.
 *
 * The main thread waits without its event loop (Atomics.wait), so the result goes to a port it
 * reads synchronously and a shared flag says when it is there.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import { type PartnerSearch, searchPartners } from '../../domain/matching/partnerSearch';

let port: MessagePort | undefined;
let flag: Int32Array | undefined;

parentPort?.on(
  'message',
  (m: { port?: MessagePort; flag?: Int32Array; search?: PartnerSearch; lo?: number; hi?: number }) => {
    if (m.port && m.flag) {
      port = m.port;
      flag = m.flag;
      Atomics.store(flag, 1, 1); // loaded and listening
      return;
    }
    if (!port || !flag || !m.search) return;
    try {
      const chosen = searchPartners(m.search, m.lo ?? 0, m.hi ?? 0);
      const buffers = [chosen.from, chosen.to, chosen.dot, chosen.ab, chosen.ba].map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ chosen }, buffers);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  },
);
