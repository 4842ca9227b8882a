import { z } from 'zod';
import {
  apiTokenSchema,
  createdApiTokenSchema,
  meSchema,
  roleSchema,
  staffUserSchema,
} from '../../../contracts/staff.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, ownerOnly, requireStaff } from '../../platform/auth.js';
import { forbidden } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { SessionCookie } from '../../platform/session-cookies.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
import { acceptInvitation, inviteStaff, listStaff, updateStaff } from './manage-staff.js';
import { signIn } from './sign-in.js';

export async function staffRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const cookie = new SessionCookie('staff', deps.config.secureCookies);

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in; sets the HttpOnly session cookie',
        body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: z.object({ user: staffUserSchema }) },
      },
    },
    async (request, reply) => {
      const { user, session } = await signIn(db, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        previousSession: cookie.read(request),
      });
      cookie.set(reply, session);
      return { user };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Ends the staff session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await cookie.end(db, request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const p = requireStaff(request);
      return p.type === 'staff'
        ? { type: p.type, id: p.userId, name: p.name, email: p.email, role: p.role }
        : { type: p.type, id: p.tokenId, name: p.name, email: null, role: p.role };
    },
  );

  app.get(
    '/api/admin/api-tokens',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['auth'],
        summary: 'API tokens in use (never the secrets)',
        response: { 200: z.object({ data: z.array(apiTokenSchema), nextCursor: z.null() }) },
      },
    },
    async () => ({ data: await listApiTokens(db), nextCursor: null }),
  );

  app.post(
    '/api/admin/api-tokens',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['auth'],
        summary: 'Creates a token for `Authorization: Bearer`; the token is shown in this answer only',
        body: z.object({ name: z.string().trim().min(1).max(80), role: roleSchema.default('manager') }),
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => {
      const p = requireStaff(request);
      if (p.type !== 'staff') throw forbidden('Only a signed-in owner can create API tokens.');
      const created = await db.transaction((tx) =>
        createApiToken(tx, { ...actorOf(p), id: p.userId }, request.body),
      );
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/admin/api-tokens/:id',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['auth'],
        summary: 'Revokes a token at once',
        params: z.object({ id: z.string() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) => revokeApiToken(tx, actorOf(request.principal), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/staff',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['staff'],
        summary: 'Everyone on the staff, by name',
        response: { 200: z.object({ data: z.array(staffUserSchema), nextCursor: z.null() }) },
      },
    },
    async () => ({ data: await listStaff(db), nextCursor: null }),
  );

  app.post(
    '/api/admin/staff',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['staff'],
        summary: 'Invites someone: they get an email with a link to choose their password',
        body: z.object({
          email: z.email('must be an email address').max(320),
          name: z.string().trim().min(1, 'must not be empty').max(120),
          role: roleSchema,
        }),
        response: { 201: staffUserSchema },
      },
    },
    async (request, reply) => {
      const invited = await inviteStaff(
        db,
        { mailer: deps.mailer, publicUrl: deps.config.publicUrl },
        actorOf(request.principal),
        request.body,
      );
      return reply.code(201).send(invited);
    },
  );

  app.patch(
    '/api/admin/staff/:id',
    {
      config: { access: ownerOnly },
      schema: {
        tags: ['staff'],
        summary: 'Changes role or name, or deactivates (their sessions end at once)',
        params: z.object({ id: z.string().max(64) }),
        body: z
          .object({ name: z.string().trim().min(1).max(120), role: roleSchema, active: z.boolean() })
          .partial()
          .strict(),
        response: { 200: staffUserSchema },
      },
    },
    async (request) => updateStaff(db, actorOf(request.principal), request.params.id, request.body),
  );

  app.post(
    '/api/auth/invitation',
    {
      config: { access: 'public' },
      schema: {
        tags: ['staff'],
        summary: 'Accepts an invitation by choosing a password',
        body: z.object({ token: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
        response: { 200: z.object({ user: staffUserSchema }) },
      },
    },
    async (request) => ({ user: await acceptInvitation(db, request.body) }),
  );
}
