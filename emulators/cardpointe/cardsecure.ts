import type { ServerResponse } from 'node:http';
import type { Emulation } from './emulation.js';
import { answerAfterFaults } from './faults.js';
import { type Body, text } from './fields.js';
import {
  failureReply,
  httpError,
  json,
  methodNotAllowed,
  parseJsonObject,
  type Reply,
  send,
} from './http.js';
import { redact } from './redact.js';

/** Browsers call CardSecure directly (the hosted iFrame, or a merchant's own page), so it allows any origin. */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

export async function handleCardSecureRequest(
  emulation: Emulation,
  res: ServerResponse,
  endpoint: string,
  method: string,
  path: string,
  raw: string,
): Promise<void> {
  if (method === 'OPTIONS') return send(res, { status: 204, headers: CORS_HEADERS });
  if (endpoint === '') return send(res, httpError(404, 'Not Found', path, CORS_HEADERS));
  let body: Body;
  try {
    body = method === 'POST' ? parseJsonObject(raw) : {};
  } catch (error) {
    return send(res, { ...failureReply(error, path), headers: CORS_HEADERS });
  }
  emulation.requests.push({ method, endpoint, path, body: redact(body) });
  if (method !== 'POST') return send(res, { ...methodNotAllowed(), headers: CORS_HEADERS });
  await answerAfterFaults(emulation.faults, emulation.shutdown, res, endpoint, () =>
    handleCardSecure(emulation, endpoint, body),
  );
}

/** CardSecure answers errors with HTTP 400 and its own errorcode, unlike the gateway's 200 refusals. */
function handleCardSecure(emulation: Emulation, endpoint: string, body: Body): Reply {
  if (endpoint === 'echo') {
    return json(
      200,
      { message: typeof body.message === 'string' ? body.message : '', errorcode: 0 },
      CORS_HEADERS,
    );
  }
  const account = typeof body.account === 'string' ? body.account : '';
  const result = emulation.vault.tokenize(account, {
    expiry: text(body, 'expiry'),
    cvv: text(body, 'cvv'),
    unique: text(body, 'unique')?.toLowerCase() === 'true',
  });
  if (!result.ok) return json(400, { message: result.message, errorcode: result.errorcode }, CORS_HEADERS);
  return json(200, { message: 'No Error', errorcode: 0, token: result.entry.token }, CORS_HEADERS);
}
