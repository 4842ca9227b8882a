import { z } from 'zod';
import { emailSchema, emailStatuses } from '../../../contracts/mail.js';
import type { AppDeps } from '../../app.js';
import { actorOf, managers } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { recordAudit } from '../audit/index.js';
import { getSettings } from '../settings/index.js';
import { getMail, listMailbox } from './mailbox.js';
import { testMail } from './templates.js';

export async function notificationRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/admin/emails',
    {
      config: { access: managers },
      schema: {
        tags: ['mail'],
        summary: 'The outgoing mail queue, newest first',
        querystring: pageQuery.extend({
          q: z.string().trim().max(200).optional(),
          status: z.enum(emailStatuses).optional(),
        }),
        response: { 200: pageOf(emailSchema) },
      },
    },
    async (request) => listMailbox(db, request.query),
  );

  app.get(
    '/api/admin/emails/:id',
    {
      config: { access: managers },
      schema: {
        tags: ['mail'],
        summary: 'One email',
        params: z.object({ id: z.string() }),
        response: { 200: emailSchema },
      },
    },
    async (request) => getMail(db, request.params.id),
  );

  app.post(
    '/api/admin/emails/test',
    {
      config: { access: managers },
      schema: {
        tags: ['mail'],
        summary: 'Queues a test email, to check the mail settings',
        body: z.object({ to: z.email('must be an email address') }),
        response: { 201: emailSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal);
      const id = await db.transaction(async (tx) => {
        const settings = await getSettings(tx);
        const mailId = await deps.mailer.queue(tx, {
          to: request.body.to,
          template: 'test',
          ...testMail(settings.businessName, actor.label),
        });
        await recordAudit(tx, actor, {
          action: 'email.test_sent',
          entity: 'email',
          entityId: mailId,
          changes: { to: request.body.to },
        });
        return mailId;
      });
      return reply.code(201).send(await getMail(db, id));
    },
  );
}
