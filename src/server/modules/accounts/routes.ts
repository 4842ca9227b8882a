import { z } from 'zod';
import { addressSchema, customerSchema } from '../../../contracts/customers.js';
import type { AppDeps } from '../../app.js';
import { customerActor, requireCustomer } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';
import { SessionCookie } from '../../platform/session-cookies.js';
import { getCustomer, updateCustomer } from '../customers/index.js';
import {
  changePassword,
  confirmRegistration,
  register,
  requestPasswordReset,
  resetPassword,
  signInCustomer,
} from './customer-accounts.js';

export const customerSessionCookie = (secure: boolean) =>
  secure ? '__Host-tandem_customer' : 'tandem_customer';

const email = z.email('must be an email address').max(320);
const password = z.string().min(1, 'must not be empty').max(1024);
const accepted = z.object({ message: z.string() });
const checkEmail = { message: 'If the address can be used, an email is on its way. Check your inbox.' };

export async function accountRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const accountDeps = { mailer: deps.mailer, publicUrl: deps.config.publicUrl };
  const cookie = new SessionCookie('customer', deps.config.secureCookies);

  app.post(
    '/api/store/auth/register',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Starts an online account: emails a confirmation link (same answer for any email)',
        body: z.object({ email, password, name: z.string().trim().max(200).optional() }),
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await register(db, accountDeps, { ...request.body, ip: request.ip });
      return reply.code(202).send(checkEmail);
    },
  );

  app.post(
    '/api/store/auth/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'Confirms the email from the link; links the history of the customer whose record was created with this email (409 when the email already has an account or sits on a record that has one)',
        body: z.object({ token: z.string().min(1).max(200) }),
        response: {
          200: z.object({
            customer: customerSchema,
            passwordToken: z
              .string()
              .nullable()
              .describe(
                'set when this address was signed up for more than once: the link sets no password, and this reset token lets its holder choose one (POST /api/store/auth/password-reset/confirm)',
              ),
          }),
        },
      },
    },
    async (request) => confirmRegistration(db, { token: request.body.token, ip: request.ip }),
  );

  app.post(
    '/api/store/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Customer sign-in; sets the customer session cookie',
        body: z.object({ email: z.string().trim().min(1).max(320), password }),
        response: { 200: z.object({ customer: customerSchema }) },
      },
    },
    async (request, reply) => {
      const { customer, session } = await signInCustomer(db, {
        ...request.body,
        ip: request.ip,
        previousSession: cookie.read(request),
      });
      cookie.set(reply, session);
      return { customer };
    },
  );

  app.post(
    '/api/store/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Ends the customer session',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await cookie.end(db, request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/store/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Emails a password reset link when the email has an account (same answer either way)',
        body: z.object({ email }),
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, accountDeps, { email: request.body.email, ip: request.ip });
      return reply.code(202).send(checkEmail);
    },
  );

  app.post(
    '/api/store/auth/password-reset/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Sets a new password from the emailed link; signs out everywhere',
        body: z.object({ token: z.string().min(1).max(200), password }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await resetPassword(db, { ...request.body, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/store/account',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'The signed-in customer’s profile',
        response: { 200: customerSchema },
      },
    },
    async (request) => getCustomer(db, requireCustomer(request).customerId),
  );

  app.patch(
    '/api/store/account',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Changes the signed-in customer’s name, phone or addresses',
        body: z
          .object({
            name: z.string().trim().min(1, 'must not be empty').max(200),
            phone: z
              .string()
              .trim()
              .regex(/^\+?[0-9 ()./-]{5,30}$/, 'must be a phone number')
              .nullable(),
            addresses: z.array(addressSchema).max(10),
          })
          .partial()
          .strict(),
        response: { 200: customerSchema },
      },
    },
    async (request) => {
      const customer = requireCustomer(request);
      return updateCustomer(db, customerActor(customer), customer.customerId, request.body);
    },
  );

  app.post(
    '/api/store/account/password',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'Changes the signed-in customer’s password; signs out every other session. At most 5 attempts per account in 15 minutes (then 429)',
        body: z.object({ currentPassword: password, newPassword: password }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changePassword(db, requireCustomer(request), { ...request.body, session: cookie.read(request) });
      return reply.code(204).send(null);
    },
  );
}
