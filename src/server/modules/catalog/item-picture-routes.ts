import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, managers } from '../../platform/auth.js';
import type { App } from '../../platform/http.js';
import {
  MAX_PICTURE_BYTES,
  notAPicture,
  PICTURE_SIDE,
  pictureTypes,
  readItemPicture,
  removeItemPicture,
  renderPicture,
  setItemPicture,
} from './item-pictures.js';
import { openShop } from './open-shop.js';
import { getItem } from './read-items.js';

const idParams = z.object({ id: z.string().max(64) });
const versionQuery = z.object({
  v: z.string().max(64).optional().describe('the version in the item’s pictureUrl'),
});
const pictureSaved = z.object({ pictureUrl: z.string(), width: z.number().int(), height: z.number().int() });

/** Sends a stored picture; a URL naming its version may be kept by the browser for good. */
async function sendPicture(
  request: FastifyRequest,
  version: string | undefined,
  reply: FastifyReply,
  picture: Awaited<ReturnType<typeof readItemPicture>>,
  audience: 'public' | 'private',
) {
  const etag = `"${picture.etag}"`;
  const cache =
    version === picture.etag
      ? `${audience}, max-age=31536000, immutable`
      : `${audience}, max-age=0, must-revalidate`;
  reply
    .header('etag', etag)
    .header('cache-control', cache)
    .header('last-modified', picture.updatedAt.toUTCString())
    // Served as a picture and nothing else, even if opened on its own.
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(picture.contentType).send(picture.content);
}

export async function itemPictureRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  // Pictures arrive as their own bytes; what they really are is read from the bytes, not the header.
  // The parser lives in a scope of its own with the one route that takes pictures: every other
  // route keeps refusing bodies that are not JSON, and their 1 MB limit.
  await app.register(async (scope: App) => {
    scope.addContentTypeParser(
      /^(image\/[\w.+-]+|application\/octet-stream)$/,
      { parseAs: 'buffer', bodyLimit: MAX_PICTURE_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.put(
      '/api/admin/items/:id/picture',
      {
        config: { access: managers },
        bodyLimit: MAX_PICTURE_BYTES,
        schema: {
          tags: ['catalogue'],
          summary: `Gives the item a picture: the body is a JPEG, PNG or WebP of at most 5 MB (SVG is refused). It is stored at most ${PICTURE_SIDE} px on its long side as WebP, without the file’s metadata`,
          params: idParams,
          consumes: [...pictureTypes],
          response: { 200: pictureSaved },
        },
      },
      async (request) => {
        await getItem(db, request.params.id);
        const body: unknown = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw notAPicture('Send the picture itself as the body, as image/jpeg, image/png or image/webp.');
        }
        const picture = await renderPicture(body, request.headers['content-type'] ?? '');
        return setItemPicture(db, actorOf(request.principal), request.params.id, picture);
      },
    );
  });

  app.delete(
    '/api/admin/items/:id/picture',
    {
      config: { access: managers },
      schema: {
        tags: ['catalogue'],
        summary: 'Takes the item’s picture away',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeItemPicture(db, actorOf(request.principal), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/items/:id/picture',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['catalogue'],
        summary: 'The item’s picture, archived items too',
        params: idParams,
        querystring: versionQuery,
        produces: ['image/webp'],
      },
    },
    async (request, reply) =>
      sendPicture(
        request,
        request.query.v,
        reply,
        await readItemPicture(db, request.params.id, false),
        'private',
      ),
  );

  app.get(
    '/api/store/items/:id/picture',
    {
      config: { access: 'public' },
      schema: {
        tags: ['shop'],
        summary: 'The picture of an item the shop offers (active products, packages and memberships)',
        params: idParams,
        querystring: versionQuery,
        produces: ['image/webp'],
      },
    },
    async (request, reply) => {
      await openShop(db);
      return sendPicture(
        request,
        request.query.v,
        reply,
        await readItemPicture(db, request.params.id, true),
        'public',
      );
    },
  );
}
