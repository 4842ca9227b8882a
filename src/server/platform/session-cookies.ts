import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from './db.js';
import { endSession, SESSION_IDLE_MS, type SessionKind } from './sessions.js';

/**
 * The session cookie of staff or customers: HttpOnly, SameSite=Lax, and behind https Secure with
 * the __Host- prefix (no Domain, path /), so no subdomain can set or read it.
 */
export class SessionCookie {
  readonly name: string;
  private readonly options;

  constructor(kind: SessionKind, secure: boolean) {
    const base = kind === 'staff' ? 'tandem_session' : 'tandem_customer';
    this.name = secure ? `__Host-${base}` : base;
    this.options = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies[this.name];
  }

  set(reply: FastifyReply, secret: string): void {
    reply.setCookie(this.name, secret, { ...this.options, maxAge: SESSION_IDLE_MS / 1000 });
  }

  /** Signs out: ends the session in the database and clears the cookie. */
  async end(db: Tx, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const secret = this.read(request);
    if (secret) await endSession(db, secret);
    reply.clearCookie(this.name, this.options);
  }
}
