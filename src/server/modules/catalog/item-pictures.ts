import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { itemPictures, items } from './schema.js';

/** The largest upload read; past it the request is refused before it is decoded. */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
/** The longest side a stored picture has: enough for the shop's item page, small for the grid. */
export const PICTURE_SIDE = 800;
/** The formats taken in; each is decoded and re-encoded, so nothing the uploader sent is served back. */
export const pictureTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
const readable = new Set(['jpeg', 'png', 'webp']);
/** A picture claiming more pixels than this is refused before it is decoded (a decompression bomb). */
const MAX_INPUT_PIXELS = 50_000_000;

/** A 400 naming the body as what is wrong. */
export const notAPicture = (detail: string) =>
  new DomainError('invalid_input', 'validation_failed', detail, { errors: [{ path: '', message: detail }] });

export interface StoredPicture {
  content: Buffer;
  contentType: string;
  width: number;
  height: number;
  etag: string;
}

/**
 * Decodes an upload and draws it again: at most PICTURE_SIDE on its long side, turned upright by its
 * EXIF orientation, as WebP with no metadata (no camera, place or date), whatever the file held.
 */
export async function renderPicture(bytes: Buffer, declaredType: string): Promise<StoredPicture> {
  if (/svg/i.test(declaredType))
    throw notAPicture('SVG pictures are not accepted: upload a JPEG, PNG or WebP.');
  let format: string | undefined;
  try {
    ({ format } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata());
  } catch {
    throw notAPicture('The file is not a picture Tandem can read: upload a JPEG, PNG or WebP.');
  }
  if (!format || !readable.has(format)) {
    throw notAPicture(
      `${format === 'svg' ? 'SVG pictures are' : 'This kind of picture is'} not accepted: upload a JPEG, PNG or WebP.`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: PICTURE_SIDE, height: PICTURE_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      content: data,
      contentType: 'image/webp',
      width: info.width,
      height: info.height,
      etag: createHash('sha256').update(data).digest('base64url').slice(0, 22),
    };
  } catch {
    throw notAPicture('The picture is damaged or too large to read: upload a JPEG, PNG or WebP.');
  }
}

async function assertItem(tx: Tx, itemId: string): Promise<void> {
  const [found] = await tx.select({ id: items.id }).from(items).where(eq(items.id, itemId));
  if (!found) throw notFound('No such item.');
}

/** Gives an item its picture, replacing the one it had. */
export async function setItemPicture(
  tx: Tx,
  actor: Actor,
  itemId: string,
  picture: StoredPicture,
): Promise<{ pictureUrl: string; width: number; height: number }> {
  return tx.transaction(async (t) => {
    await assertItem(t, itemId);
    const row = { ...picture, updatedAt: new Date() };
    await t
      .insert(itemPictures)
      .values({ itemId, ...row })
      .onConflictDoUpdate({ target: itemPictures.itemId, set: row });
    await recordAudit(t, actor, {
      action: 'item.picture_set',
      entity: 'item',
      entityId: itemId,
      changes: { picture: { width: picture.width, height: picture.height } },
    });
    return {
      pictureUrl: staffPictureUrl(itemId, picture.etag),
      width: picture.width,
      height: picture.height,
    };
  });
}

/** Takes an item's picture away; an item without one is left as it is. */
export async function removeItemPicture(tx: Tx, actor: Actor, itemId: string): Promise<void> {
  await tx.transaction(async (t) => {
    await assertItem(t, itemId);
    const removed = await t
      .delete(itemPictures)
      .where(eq(itemPictures.itemId, itemId))
      .returning({ itemId: itemPictures.itemId });
    if (removed.length > 0) {
      await recordAudit(t, actor, {
        action: 'item.picture_removed',
        entity: 'item',
        entityId: itemId,
        changes: { picture: null },
      });
    }
  });
}

/**
 * An item's picture, for staff (any item) or for shoppers (`shopOnly`: an active item the shop
 * offers; services are booked in store and are not shown there).
 */
export async function readItemPicture(
  tx: Tx,
  itemId: string,
  shopOnly: boolean,
): Promise<StoredPicture & { updatedAt: Date }> {
  const [row] = await tx
    .select({
      content: itemPictures.content,
      contentType: itemPictures.contentType,
      width: itemPictures.width,
      height: itemPictures.height,
      etag: itemPictures.etag,
      updatedAt: itemPictures.updatedAt,
      kind: items.kind,
      active: items.active,
    })
    .from(itemPictures)
    .innerJoin(items, eq(items.id, itemPictures.itemId))
    .where(eq(itemPictures.itemId, itemId));
  if (!row || (shopOnly && (!row.active || row.kind === 'service')))
    throw notFound('This item has no picture.');
  const { kind: _kind, active: _active, ...picture } = row;
  return picture;
}

const pictureUrl = (area: 'admin' | 'store', itemId: string, etag: string) =>
  `/api/${area}/items/${encodeURIComponent(itemId)}/picture?v=${etag}`;
export const staffPictureUrl = (itemId: string, etag: string) => pictureUrl('admin', itemId, etag);
export const shopPictureUrl = (itemId: string, etag: string) => pictureUrl('store', itemId, etag);

/** The version of each of these items' pictures, in one query: lists carry URLs without a query per item. */
export async function pictureVersionsOf(tx: Tx, itemIds: readonly string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select({ itemId: itemPictures.itemId, etag: itemPictures.etag })
    .from(itemPictures)
    .where(inArray(itemPictures.itemId, [...itemIds]));
  return new Map(rows.map((r) => [r.itemId, r.etag]));
}
