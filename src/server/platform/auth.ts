import type { FastifyRequest } from 'fastify';
import { type Role, roles } from '../../contracts/staff.js';
import { DomainError, forbidden, unauthenticated } from './errors.js';

export { type Role, roles };

/** Who is calling: a signed-in staff member, an integration token, or nobody. */
export type Principal =
  | { type: 'staff'; userId: string; email: string; name: string; role: Role; sessionHash: string }
  | { type: 'api_token'; tokenId: string; name: string; role: Role; userId: string };

/** Who did something, as written to the audit log and to histories. */
export interface Actor {
  type: 'staff' | 'api_token' | 'system' | 'customer';
  id: string | null;
  label: string;
}

export const systemActor: Actor = { type: 'system', id: null, label: 'Tandem' };

/** Who did it, as the tables that keep an actor store it. */
export const actorColumns = (actor: Actor) => ({
  actorType: actor.type,
  actorId: actor.id,
  actorLabel: actor.label,
});

export function actorOf(principal: Principal | null): Actor {
  if (!principal) return systemActor;
  if (principal.type === 'staff') return { type: 'staff', id: principal.userId, label: principal.email };
  return { type: 'api_token', id: principal.tokenId, label: `API token “${principal.name}”` };
}

/** The customer as the author of a change, for the audit log. */
export const customerActor = (c: CustomerPrincipal): Actor => ({
  type: 'customer',
  id: c.customerId,
  label: c.email,
});

/**
 * Every /api route declares who may call it; a route without `access` stops the server at start,
 * so no route can be left open by accident.
 */
export type Access = 'public' | 'customer' | { staff: readonly Role[] };

/** A customer signed in to their online account. */
export interface CustomerPrincipal {
  customerId: string;
  email: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    customer: CustomerPrincipal | null;
    /** How the principal was found: a cookie session needs the same-origin check on writes. */
    authVia: 'cookie' | 'bearer' | null;
  }
}

/** The lesser of two roles: an API token acts with at most its creator's role of the moment. */
export function lesserRole(a: Role, b: Role): Role {
  return roles.indexOf(a) >= roles.indexOf(b) ? a : b;
}

export const anyStaff: Access = { staff: roles };
export const ownerOnly: Access = { staff: ['owner'] };
export const managers: Access = { staff: ['owner', 'manager'] };
/** Who may give money back, whichever screen or route starts it. */
export const refunders = managers;

/** Whether the caller has one of the roles `access` names. */
export function hasRole(principal: Principal | null, access: { staff: readonly Role[] }): boolean {
  return principal !== null && access.staff.includes(principal.role);
}

export function checkAccess(
  access: Access,
  principal: Principal | null,
  customer: CustomerPrincipal | null,
): void {
  if (access === 'public') return;
  if (access === 'customer') {
    if (!customer) throw unauthenticated();
    return;
  }
  if (!principal) throw unauthenticated();
  if (!hasRole(principal, access)) {
    throw forbidden(`This needs the ${access.staff.join(' or ')} role.`);
  }
}

export function requireCustomer(request: FastifyRequest): CustomerPrincipal {
  if (!request.customer) throw unauthenticated();
  return request.customer;
}

export function requireStaff(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard: a state-changing request that is not bearer-authenticated must
 * come from our own origin. Browsers send Origin on such requests and Sec-Fetch-Site on all.
 */
export function checkSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (!unsafeMethods.has(request.method) || request.authVia === 'bearer') return;
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  const ownOrigin = `${request.protocol}://${request.host}`;
  if (origin !== undefined) {
    if (origin !== ownOrigin && !allowedOrigins.includes(origin)) throw crossOrigin();
    return;
  }
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') throw crossOrigin();
}

const crossOrigin = () =>
  new DomainError('forbidden', 'forbidden', 'Cross-origin requests may not change anything.');
