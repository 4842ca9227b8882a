import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../shared/listen.js';
import { handleCardSecureRequest } from './cardsecure.js';
import { handleControl } from './control.js';
import type { Emulation, RecordedRequest } from './emulation.js';
import { FaultPlan } from './faults.js';
import { handleGatewayRequest } from './gateway.js';
import { failureReply, httpError, readBody, send } from './http.js';
import { tokenizerReply } from './itoke.js';
import { routeOf } from './routes.js';
import { settle } from './settlement.js';
import { GatewayStore, type RecordedTransaction } from './store.js';
import { CardVault } from './vault.js';

export type { RecordedRequest } from './emulation.js';
export type { RecordedTransaction, SettlementStatus } from './store.js';

export interface CardPointeEmulatorOptions {
  host?: string;
  port?: number;
  merchantId?: string;
  username?: string;
  password?: string;
}

export interface CardPointeEmulator {
  /** Site root: the gateway lives under /cardconnect/rest, CardSecure under /cardsecure/api/v1. */
  url: string;
  merchantId: string;
  username: string;
  password: string;
  requests: RecordedRequest[];
  transactions(): RecordedTransaction[];
  /**
   * The next `times` requests to the endpoint (after letting `after` more through untouched) are
   * processed as usual, but answered only after `ms`.
   */
  hang(endpoint: string, ms: number, times?: number, after?: number): void;
  /** The next request to the endpoint gets a bare HTTP error and is not processed. */
  failNext(endpoint: string, httpStatus: number): void;
  /** Runs the batch: everything queued for capture is accepted for funding. Returns how many moved. */
  settle(): number;
  close(): Promise<void>;
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  merchantId: '496160873888',
  username: 'testing',
  password: 'testing123',
};

export async function startCardPointeEmulator(
  options: CardPointeEmulatorOptions = {},
): Promise<CardPointeEmulator> {
  const settings = { ...DEFAULTS, ...stripUndefined(options) };
  const vault = new CardVault();
  const shutdown = new AbortController();
  const emulation: Emulation = {
    store: new GatewayStore(settings.merchantId, vault),
    vault,
    faults: new FaultPlan(),
    requests: [],
    username: settings.username,
    password: settings.password,
    shutdown: shutdown.signal,
  };
  const server = createServer((req, res) => {
    handleRequest(emulation, req, res).catch((error: unknown) => {
      send(res, failureReply(error, new URL(req.url ?? '/', 'http://emulator.invalid').pathname));
    });
  });
  const url = await listen(server, settings);
  return {
    url,
    merchantId: settings.merchantId,
    username: settings.username,
    password: settings.password,
    requests: emulation.requests,
    transactions: () => emulation.store.records(),
    hang: (endpoint, ms, times = 1, after = 0) => emulation.faults.hang(endpoint, ms, times, after),
    failNext: (endpoint, httpStatus) => emulation.faults.failNext(endpoint, httpStatus),
    settle: () => settle(emulation.store),
    close: () => stop(server, shutdown),
  };
}

async function handleRequest(emulation: Emulation, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;
  const route = routeOf(path);
  const raw = await readBody(req);
  if (route.kind === 'control') return send(res, handleControl(emulation, route.action, method, raw));
  if (route.kind === 'tokenizer') return send(res, tokenizerReply(route.page, method, url));
  if (route.kind === 'cardsecure')
    return handleCardSecureRequest(emulation, res, route.endpoint, method, path, raw);
  if (route.kind === 'gateway') return handleGatewayRequest(emulation, req, res, { ...route, path }, raw);
  send(res, httpError(404, 'Not Found', path));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

function stop(server: Server, shutdown: AbortController): Promise<void> {
  // Answers held back by hang() would otherwise keep the server open until they expire.
  shutdown.abort();
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
