import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  type ConnectionOptions,
  type ConnectionType,
  type Credentials,
  credentialNames,
  defaultConnectionOptions,
  type NewConnection,
  type UpdateConnection,
} from '../../../contracts/connections.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, type FieldError, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { recordAudit } from '../audit/index.js';
import { getItem } from '../catalog/index.js';
import { type ConnectionRow, connectionFingerprint, openCredentials } from './connections.js';
import { connections } from './schema.js';

/** Every credential the type needs is there, and none it does not take. */
function checkCredentials(
  type: ConnectionType,
  credentials: Record<string, string | undefined>,
): FieldError[] {
  const names = credentialNames[type];
  const errors: FieldError[] = [];
  for (const name of names.required) {
    if (!credentials[name])
      errors.push({ path: `credentials.${name}`, message: `is needed for a ${type} cart` });
  }
  for (const [name, value] of Object.entries(credentials)) {
    if (value !== undefined && !names.required.includes(name) && !names.optional.includes(name)) {
      errors.push({ path: `credentials.${name}`, message: `is not a credential of a ${type} cart` });
    }
  }
  return errors;
}

async function checkOptions(tx: Tx, options: ConnectionOptions): Promise<FieldError[]> {
  if (!options.defaultItemId) return [];
  const item = await getItem(tx, options.defaultItemId).catch((err: unknown) => {
    if (err instanceof DomainError && err.kind === 'not_found') return null;
    throw err;
  });
  return item ? [] : [{ path: 'options.defaultItemId', message: 'is not an item in the catalogue' }];
}

const defined = (c: Credentials): Record<string, string> =>
  Object.fromEntries(Object.entries(c).filter((e): e is [string, string] => e[1] !== undefined));

/** Adds a cart connection, stopped and untested; the credentials are sealed before they are stored. */
export async function createConnection(
  tx: Tx,
  box: SealedBox,
  actor: Actor,
  input: NewConnection,
  now = new Date(),
): Promise<ConnectionRow> {
  const credentials = defined(input.credentials);
  const nowIso = now.toISOString();
  const options: ConnectionOptions = {
    ...defaultConnectionOptions(),
    // Unless told otherwise, a new connection brings in what happens in the cart from now on.
    ordersFrom: nowIso,
    updatesSince: nowIso,
    ...input.options,
  };
  const errors = [...checkCredentials(input.type, credentials), ...(await checkOptions(tx, options))];
  if (errors.length > 0) throw validationFailed(errors);
  const [row] = await tx
    .insert(connections)
    .values({
      id: newId('con'),
      type: input.type,
      name: input.name,
      url: input.url.replace(/\/+$/, ''),
      credentialsSealed: box.seal(JSON.stringify(credentials)),
      credentialsSet: Object.keys(credentials),
      options,
      webhookKey: randomBytes(18).toString('base64url'),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(tx, actor, {
    action: 'connection.create',
    entity: 'connection',
    entityId: row!.id,
    changes: { type: input.type, name: input.name, url: row!.url, credentialsSet: row!.credentialsSet },
  });
  return row!;
}

/**
 * Changes a connection. Credentials given replace those of the same name; the others stay. A new
 * address or new credentials need a new test, so a running connection stops until then. Setting
 * `updatesSince` rewinds every entity's cursor to it.
 */
export async function updateConnection(
  tx: Tx,
  box: SealedBox,
  actor: Actor,
  id: string,
  input: UpdateConnection,
): Promise<ConnectionRow> {
  const [row] = await tx.select().from(connections).where(eq(connections.id, id)).for('update');
  if (!row) throw notFound('No such connection.');
  const credentials = input.credentials
    ? { ...openCredentials(box, row), ...defined(input.credentials) }
    : null;
  const options: ConnectionOptions = {
    ...row.options,
    ...input.options,
    fromCart: { ...row.options.fromCart, ...input.options?.fromCart },
    toCart: { ...row.options.toCart, ...input.options?.toCart },
  };
  const errors = [
    ...(credentials ? checkCredentials(row.type, credentials) : []),
    ...(await checkOptions(tx, options)),
  ];
  if (errors.length > 0) throw validationFailed(errors);
  const url = input.url?.replace(/\/+$/, '') ?? row.url;
  const credentialsSealed = credentials ? box.seal(JSON.stringify(credentials)) : row.credentialsSealed;
  const retested =
    connectionFingerprint({ type: row.type, url, credentialsSealed }) !== connectionFingerprint(row);
  const rewound =
    input.options?.updatesSince !== undefined && input.options.updatesSince !== row.options.updatesSince;
  const [updated] = await tx
    .update(connections)
    .set({
      name: input.name ?? row.name,
      url,
      credentialsSealed,
      credentialsSet: credentials ? Object.keys(credentials) : row.credentialsSet,
      options,
      ...(rewound
        ? {
            cursors: {
              orders: options.updatesSince,
              items: options.updatesSince,
              customers: options.updatesSince,
            },
          }
        : {}),
      ...(retested && row.syncStatus === 'RUNNING'
        ? {
            syncStatus: 'STOPPED' as const,
            nextRunAt: null,
            stoppedReason:
              'The address or credentials changed: test the connection, then start auto-sync again.',
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(connections.id, id))
    .returning();
  await recordAudit(tx, actor, {
    action: 'connection.update',
    entity: 'connection',
    entityId: id,
    changes: {
      ...(input.name ? { name: input.name } : {}),
      ...(input.url ? { url } : {}),
      ...(input.credentials ? { credentialsChanged: Object.keys(defined(input.credentials)) } : {}),
      ...(input.options ? { options: input.options } : {}),
    },
  });
  return updated!;
}
