import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { customerFromSession } from './modules/accounts/customer-accounts.js';
import { accountRoutes } from './modules/accounts/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import type { OpenCart } from './modules/connections/open-cart.js';
import { connectionRoutes } from './modules/connections/routes.js';
import { customerRoutes } from './modules/customers/routes.js';
import type { GiftCardVault } from './modules/giftcards/index.js';
import { giftCardRoutes } from './modules/giftcards/routes.js';
import { membershipRoutes } from './modules/memberships/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { orderRoutes } from './modules/orders/routes.js';
import { overviewRoutes } from './modules/overview/routes.js';
import type { CardGateway } from './modules/payments/index.js';
import { paymentRoutes, tokenizerOf } from './modules/payments/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { principalFromApiToken, principalFromSession } from './modules/staff/index.js';
import { staffRoutes } from './modules/staff/routes.js';
import { systemRoutes } from './modules/system/routes.js';
import { checkSameOrigin } from './platform/auth.js';
import { randomToken } from './platform/crypto.js';
import type { Database } from './platform/db.js';
import type { EventHub } from './platform/events.js';
import {
  type App,
  enforceRouteAccess,
  frameworkProblem,
  refuseUnsafeText,
  registerProblemHandling,
} from './platform/http.js';
import { registerIdempotency } from './platform/idempotency.js';
import { logSerializers } from './platform/log.js';
import type { Mailer } from './platform/mail.js';
import type { Metrics } from './platform/metrics.js';
import { packageRoot } from './platform/package-root.js';
import type { SealedBox } from './platform/sealed-box.js';
import { SessionCookie } from './platform/session-cookies.js';

export interface AppDeps {
  config: Config;
  database: Database;
  mailer: Mailer;
  events: EventHub;
  version: string;
  /** The card gateway (the sandbox or CardPointe) and the site it lives on. */
  gateway: CardGateway;
  gatewaySiteUrl: string;
  /** Seals gift card codes and finds them by their keyed hash. */
  giftCardVault: GiftCardVault;
  /** Seals cart connections' credentials. */
  credentialBox: SealedBox;
  /** Opens a cart adapter; the real adapters unless a test says otherwise. */
  openCart?: OpenCart | undefined;
  metrics: Metrics;
}

/** Where `vite build` puts the web app. */
export const webRoot = path.join(packageRoot, 'dist', 'web');

/**
 * The pages' Content Security Policy: scripts, styles and requests from Tandem only; the one frame
 * allowed is the gateway's card tokenizer (none with the sandbox, whose tokenizer is Tandem's own).
 */
function htmlSecurityHeaders(deps: AppDeps) {
  const tokenizer = tokenizerOf(deps);
  const frames = tokenizer.kind === 'iframe' ? tokenizer.origin : "'none'";
  return {
    'content-security-policy':
      "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
      `connect-src 'self'; frame-src ${frames}; frame-ancestors 'none'; base-uri 'self'; ` +
      "form-action 'self'; object-src 'none'",
    'x-frame-options': 'DENY',
  };
}

/** The HTTP app: API, docs and web UI. Tests use it through `inject` without a port. */
/** Fastify's own reading of a hop count, as a function (its types take no number). */
function proxyTrust(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

export async function buildApp(
  deps: AppDeps,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: logSerializers,
          },
    // Forwarded headers are believed only from the proxies TRUST_PROXY names; anyone can send them.
    trustProxy: proxyTrust(deps.config.trustProxy),
    genReqId: () => `req_${randomToken(9)}`,
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkProblem,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: deps.version,
        description:
          'Tandem’s public HTTP API. Money is in integer minor units with a currency; errors are ' +
          'RFC 9457 problem+json with a stable `code`; lists page with `limit` and `cursor`.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: new SessionCookie('staff', deps.config.secureCookies).name,
          },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.decorateRequest('principal', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('customer', null);
  const customerCookie = new SessionCookie('customer', deps.config.secureCookies);
  const staffCookie = new SessionCookie('staff', deps.config.secureCookies);
  const ownOrigin = new URL(deps.config.publicUrl).origin;
  if (deps.config.trustProxy === false) {
    // Behind a proxy without TRUST_PROXY every client shares the proxy's address, and with it the
    // per-address limits: said once, where whoever runs Tandem will look.
    let told = false;
    app.addHook('onRequest', async (request) => {
      if (told || request.headers['x-forwarded-for'] === undefined) return;
      told = true;
      request.log.warn(
        'A request came through a proxy (X-Forwarded-For) but TRUST_PROXY is not set: every client counts as the proxy’s address for rate limits. Set TRUST_PROXY to the proxy’s address or hop count.',
      );
    });
  }
  app.addHook('onRequest', async (request) => {
    // Only the API needs to know who is calling; static files and the app's page do not.
    if (request.url.startsWith('/api/')) {
      const auth = request.headers.authorization;
      if (auth?.startsWith('Bearer ')) {
        request.principal = await principalFromApiToken(deps.database.db, auth.slice(7).trim());
        request.authVia = 'bearer';
      } else {
        const secret = staffCookie.read(request);
        if (secret) {
          request.principal = await principalFromSession(deps.database.db, secret);
          request.authVia = 'cookie';
        }
        const customerSecret = request.url.startsWith('/api/store/')
          ? customerCookie.read(request)
          : undefined;
        if (customerSecret) {
          request.customer = await customerFromSession(deps.database.db, customerSecret);
          request.authVia = 'cookie';
        }
      }
    }
    checkSameOrigin(request, [ownOrigin]);
  });
  enforceRouteAccess(app, ['/api/docs']);
  refuseUnsafeText(app);
  registerIdempotency(app, deps.database.db);
  const indexPath = path.join(webRoot, 'index.html');
  const hasWeb = fs.existsSync(indexPath);
  registerProblemHandling(
    app,
    hasWeb ? { html: fs.readFileSync(indexPath, 'utf8'), headers: htmlSecurityHeaders(deps) } : undefined,
  );

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // A route that says how its answer may be kept (an item's picture) is believed.
    if (
      request.url.startsWith('/api/') &&
      !request.url.startsWith('/api/docs') &&
      !reply.hasHeader('cache-control')
    ) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  const api = app.withTypeProvider<ZodTypeProvider>() as App;
  api.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  for (const routes of [
    systemRoutes,
    staffRoutes,
    settingsRoutes,
    auditRoutes,
    notificationRoutes,
    catalogRoutes,
    customerRoutes,
    accountRoutes,
    paymentRoutes,
    orderRoutes,
    giftCardRoutes,
    membershipRoutes,
    reportRoutes,
    overviewRoutes,
    connectionRoutes,
  ]) {
    await routes(api, deps);
  }

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  return app;
}
