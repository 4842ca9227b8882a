import type { IncomingMessage, ServerResponse } from 'node:http';
import { auth } from './authorization.js';
import { capture } from './capture.js';
import type { Emulation } from './emulation.js';
import { answerAfterFaults } from './faults.js';
import type { Body, Fields } from './fields.js';
import { html, httpError, json, methodNotAllowed, parseJsonObject, type Reply } from './http.js';
import { inquire, inquireByOrderid } from './inquire.js';
import { deleteProfile, getProfile, saveProfile } from './profiles.js';
import { redact, redactPath, safeDecode } from './redact.js';
import { refund } from './refund.js';
import type { Route } from './routes.js';
import type { GatewayStore } from './store.js';
import { voidByOrderId, voidByRetref } from './void.js';

const WRITE_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST']);

const SERVLET_PAGE =
  '<!DOCTYPE html><html><head><title>CardConnect REST Servlet</title></head>' +
  '<body><h1>CardConnect REST Servlet</h1></body></html>';

/** Every request is logged, and planned faults apply, whether or not its credentials are right. */
export async function handleGatewayRequest(
  emulation: Emulation,
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'gateway' }> & { path: string },
  raw: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { path } = route;
  const body = WRITE_METHODS.has(method) ? parseJsonObject(raw) : {};
  const logged = WRITE_METHODS.has(method) ? redact(body) : undefined;
  emulation.requests.push({ method, endpoint: route.endpoint, path: redactPath(path), body: logged });
  await answerAfterFaults(emulation.faults, emulation.shutdown, res, route.endpoint, () => {
    if (!hasValidCredentials(req, emulation.username, emulation.password)) {
      return httpError(401, 'Unauthorized', path, { 'WWW-Authenticate': 'Basic realm="CardConnect"' });
    }
    return (
      dispatchGateway(emulation.store, method, route.segments, body) ?? httpError(404, 'Not Found', path)
    );
  });
}

function hasValidCredentials(req: IncomingMessage, username: string, password: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return (
    separator >= 0 && decoded.slice(0, separator) === username && decoded.slice(separator + 1) === password
  );
}

function dispatchGateway(
  store: GatewayStore,
  method: string,
  segments: string[],
  body: Body,
): Reply | undefined {
  const [endpoint = '', first = '', second = '', third] = segments;
  const ok = (value: Fields | Fields[]): Reply => json(200, value);
  const writes: Record<string, (body: Body) => Fields> = {
    auth: (b) => auth(store, b),
    capture: (b) => capture(store, b),
    void: (b) => voidByRetref(store, b),
    refund: (b) => refund(store, b),
    voidByOrderId: (b) => voidByOrderId(store, b),
    profile: (b) => saveProfile(store, b),
  };
  if (endpoint === '' && segments.length <= 1) return html(200, SERVLET_PAGE);
  // Own names only: "constructor" or "toString" are no endpoints of the gateway.
  const write = Object.hasOwn(writes, endpoint) ? writes[endpoint] : undefined;
  if (write && segments.length === 1) return WRITE_METHODS.has(method) ? ok(write(body)) : methodNotAllowed();
  const orderid = safeDecode(first);
  if (endpoint === 'inquire' && segments.length === 3) {
    return method === 'GET' ? ok(inquire(store, first, second)) : methodNotAllowed();
  }
  if (
    endpoint === 'inquireByOrderid' &&
    (segments.length === 3 || (segments.length === 4 && third === '1'))
  ) {
    return method === 'GET' ? ok(inquireByOrderid(store, orderid, second)) : methodNotAllowed();
  }
  if (endpoint === 'profile' && segments.length === 4 && third !== undefined) {
    if (method === 'GET') return ok(getProfile(store, first, second, third));
    if (method === 'DELETE') return ok(deleteProfile(store, first, second, third));
    return methodNotAllowed();
  }
  return undefined;
}
