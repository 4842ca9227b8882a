import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../../src/server/platform/events.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { runTandem, signInOwner } from '../helpers/tandem.js';
import { until } from '../helpers/wait.js';

type Running = Awaited<ReturnType<typeof runTandem>>;

/** Reads server-sent events from a real connection. */
function openEventStream(url: string, cookie: string) {
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  let ready!: () => void;
  const connected = new Promise<void>((r) => {
    ready = r;
  });
  const req = http.get(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.includes(': connected')) ready();
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    });
  });
  return { events, connected, close: () => req.destroy() };
}

describe('a running Tandem', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let tandem: Running;
  let cookie: string;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    tandem = await runTandem({ SMTP_URL: smtp.url, MAIL_FROM: 'shop@juniper.example' });
    cookie = await signInOwner(tandem.baseUrl);
  });
  afterAll(async () => {
    await tandem.stop();
    await smtp.close();
  });

  it('reports its health', async () => {
    const res = await fetch(`${tandem.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('sends mail through SMTP within moments of the commit', async () => {
    const res = await fetch(`${tandem.baseUrl}/api/admin/emails/test`, {
      method: 'POST',
      headers: { cookie, origin: tandem.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'dee@example.com' }),
    });
    expect(res.status).toBe(201);
    const queued = (await res.json()) as { id: string };
    await until(() => smtp.received.length > 0, 5000);
    expect(smtp.received[0]!.to).toEqual(['dee@example.com']);
    let status = '';
    const readStatus = async () => {
      const mail = await fetch(`${tandem.baseUrl}/api/admin/emails/${queued.id}`, { headers: { cookie } });
      status = ((await mail.json()) as { status: string }).status;
    };
    for (let i = 0; i < 50 && status !== 'sent'; i++) {
      await readStatus();
      if (status !== 'sent') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('sent');
  });

  it('streams committed events to staff, and nothing from a rolled-back transaction', async () => {
    const stream = openEventStream(`${tandem.baseUrl}/api/events`, cookie);
    await stream.connected;
    const { db } = tandem.deps.database;
    await db
      .transaction(async (tx) => {
        await publishEvent(tx, 'order.created', { orderId: 'ord_rolled_back' });
        throw new Error('rollback');
      })
      .catch(() => {});
    await db.transaction((tx) => publishEvent(tx, 'order.created', { orderId: 'ord_1' }));
    await until(() => stream.events.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    stream.close();
    expect(stream.events.map((e) => e.event)).toEqual(['order.created']);
    expect(stream.events[0]!.data).toMatchObject({ type: 'order.created', data: { orderId: 'ord_1' } });
  });

  it('refuses the event stream to anyone not signed in', async () => {
    const res = await fetch(`${tandem.baseUrl}/api/events`);
    expect(res.status).toBe(401);
  });

  it('documents every API route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${tandem.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const routes: string[] = [];
    for (const line of tandem.app!.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /(\/api\/\S*) \(([A-Z, ]+)\)/.exec(line.replace(/^[\s│├└─]+/, ''));
      if (!m) continue;
      for (const method of m[2]!.split(', ')) {
        if (method === 'HEAD' || m[1]!.startsWith('/api/docs') || m[1] === '/api/openapi.json') continue;
        routes.push(`${method} ${m[1]!.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    const docs = await fetch(`${tandem.baseUrl}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });
});
