import { contains, pageOf, parseListQuery } from './paging.js';
import {
  type Change,
  type Entity,
  methodNotAllowed,
  notFound,
  notSupported,
  problem,
  type Reply,
  type Request,
  readOnly,
  shown,
} from './router.js';
import { at, type Store } from './seed.js';

interface Dated {
  id: string;
  updatedAt: string;
}

/** How a writable resource reads, checks and applies a body; the rest of a write is the same for all. */
export interface Writes<R extends Dated, F extends object> {
  read(request: Request): F | Reply;
  /** The field the cart keeps unique (case-insensitive), and its name in the 409's detail. */
  unique: { label: string; value(record: R | F): string | null };
  /** The record a POST makes; `updatedAt` is the time of the request. */
  created(request: Request, fields: F, updatedAt: string): R;
  /** What a PUT sets on the record, besides `updatedAt`. */
  updated(record: R, fields: F): Partial<R>;
  change: Change['type'];
}

export interface Resource<R extends Dated, F extends object> {
  entity: Entity;
  /** The record's name in answers: "There is no item 5." */
  noun: string;
  records(store: Store): R[];
  /** The fields `q` searches. */
  searched(record: R): (string | null | undefined)[];
  /** How a record is answered; the stored record (or what a test put in its place) by default. */
  answered?(request: Request, record: R): unknown;
  /** Left out for a resource the cart only lets a consumer read. */
  writes?: Writes<R, F>;
}

/** A body reader answers either the fields or the 400 to send; the fields never carry a `status`. */
function isReply(value: object): value is Reply {
  return 'status' in value;
}

function taken<R extends Dated, F extends object>(
  request: Request,
  resource: Resource<R, F>,
  writes: Writes<R, F>,
  fields: F,
  exceptId?: string,
): Reply | undefined {
  const value = writes.unique.value(fields);
  if (value === null) return undefined;
  const other = resource
    .records(request.store)
    .find(
      (record) =>
        record.id !== exceptId && writes.unique.value(record)?.toLowerCase() === value.toLowerCase(),
    );
  return other === undefined
    ? undefined
    : problem(409, 'conflict', `Another ${resource.noun} has ${writes.unique.label} ${value}.`, {
        existingId: other.id,
      });
}

function create<R extends Dated, F extends object>(
  request: Request,
  resource: Resource<R, F>,
  writes: Writes<R, F>,
): Reply {
  const fields = writes.read(request);
  if (isReply(fields)) return fields;
  const conflict = taken(request, resource, writes, fields);
  if (conflict !== undefined) return conflict;
  const record = writes.created(request, fields, at(request.now));
  resource.records(request.store).push(record);
  request.changed({ type: writes.change, id: record.id, updatedAt: record.updatedAt });
  return {
    status: 201,
    body: structuredClone(record),
    headers: { Location: `/tandem-cart/v1/${resource.entity}/${record.id}` },
  };
}

function update<R extends Dated, F extends object>(
  request: Request,
  resource: Resource<R, F>,
  writes: Writes<R, F>,
  record: R,
): Reply {
  const fields = writes.read(request);
  if (isReply(fields)) return fields;
  const conflict = taken(request, resource, writes, fields, record.id);
  if (conflict !== undefined) return conflict;
  Object.assign(record, writes.updated(record, fields), { updatedAt: at(request.now) });
  request.changed({ type: writes.change, id: record.id, updatedAt: record.updatedAt });
  return { status: 200, body: structuredClone(record) };
}

/** The handler for /{entity} (list, and POST where writable) and /{entity}/{id} (GET, and PUT where writable). */
export function resourceHandler<R extends Dated, F extends object>(
  resource: Resource<R, F>,
): (request: Request) => Reply | undefined {
  const { entity, writes } = resource;
  const answered = resource.answered ?? ((request: Request, record: R) => shown(request, entity, record));
  return (request) => {
    const [segment, id, extra] = request.segments;
    if (segment !== entity || extra !== undefined) return undefined;
    if (!request.capabilities[entity]) return notSupported(entity);
    const writing = request.method === 'POST' || request.method === 'PUT';
    if (writes !== undefined && writing && !request.canWrite) return readOnly();
    if (id === undefined) {
      if (writes !== undefined && request.method === 'POST') return create(request, resource, writes);
      if (request.method !== 'GET') return methodNotAllowed(writes === undefined ? 'GET' : 'GET, POST');
      const query = parseListQuery(request.query);
      if ('status' in query) return query;
      const page = pageOf(resource.records(request.store), query, (record, q) =>
        contains(q, ...resource.searched(record)),
      );
      return {
        status: 200,
        body: { data: page.data.map((record) => answered(request, record)), nextCursor: page.nextCursor },
      };
    }
    const put = writes !== undefined && request.method === 'PUT';
    if (request.method !== 'GET' && !put) return methodNotAllowed(writes === undefined ? 'GET' : 'GET, PUT');
    const record = resource.records(request.store).find((candidate) => candidate.id === id);
    if (record === undefined) return notFound(`${resource.noun} ${id}`);
    return put ? update(request, resource, writes, record) : { status: 200, body: answered(request, record) };
  };
}
