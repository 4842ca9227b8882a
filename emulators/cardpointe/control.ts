import type { Emulation } from './emulation.js';
import { httpError, json, parseJsonObject, type Reply } from './http.js';
import { CONTROL_ROOT } from './routes.js';
import { settle } from './settlement.js';

/** The test controls over HTTP, for an emulator running in another process: settle, hang, fail-next and the logs. */
export function handleControl(emulation: Emulation, action: string, method: string, raw: string): Reply {
  const path = `${CONTROL_ROOT}/${action}`;
  if (action === 'transactions' && method === 'GET') return json(200, emulation.store.records());
  if (action === 'requests' && method === 'GET') return json(200, emulation.requests);
  if (method !== 'POST') return httpError(404, 'Not Found', path);
  const body = parseJsonObject(raw);
  try {
    if (action === 'settle') return json(200, { settled: settle(emulation.store) });
    if (action === 'hang') {
      emulation.faults.hang(
        String(body.endpoint ?? ''),
        Number(body.ms),
        body.times === undefined ? 1 : Number(body.times),
        body.after === undefined ? 0 : Number(body.after),
      );
      return json(200, { ok: true });
    }
    if (action === 'fail-next') {
      emulation.faults.failNext(String(body.endpoint ?? ''), Number(body.status));
      return json(200, { ok: true });
    }
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
  return httpError(404, 'Not Found', path);
}
