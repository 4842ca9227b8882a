import { useMemo, useRef } from 'react';
import { ApiError, newIdempotencyKey } from '../api-client.js';

/**
 * The `Idempotency-Key` of a request that moves money or stock. Sent again after the network
 * failed, the same request keeps its key, so it is done once; once the server has answered, the
 * next attempt is a new request with a new key.
 */
export function useRetryKey() {
  const pending = useRef<{ body: string; key: string } | null>(null);
  return useMemo(
    () => ({
      for(body: unknown): string {
        const json = JSON.stringify(body ?? null);
        if (pending.current?.body !== json) pending.current = { body: json, key: newIdempotencyKey() };
        return pending.current.key;
      },
      answered(err?: unknown): void {
        if (!(err instanceof ApiError && err.code === 'network_error')) pending.current = null;
      },
    }),
    [],
  );
}
