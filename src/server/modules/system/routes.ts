import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { anyStaff } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';

const HEARTBEAT_MS = 25_000;

export async function systemRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string() }),
          503: z.object({
            status: z.literal('degraded'),
            database: z.literal('unreachable'),
            version: z.string(),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await deps.database.db.execute(sql`select 1`);
        return { status: 'ok' as const, database: 'ok' as const, version: deps.version };
      } catch {
        return reply
          .code(503)
          .send({ status: 'degraded' as const, database: 'unreachable' as const, version: deps.version });
      }
    },
  );

  app.get(
    '/api/events',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['system'],
        summary: 'Server-sent events for staff: order.created, order.updated, sync.run, …',
        description: 'A `text/event-stream`; each message has `event:` the type and `data:` the JSON event.',
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const unsubscribe = deps.events.subscribe((event) => {
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
}
