import { useQuery } from '@tanstack/react-query';
import { api, type Customer } from '../api-client.js';

/** Everything cached for a signed-in customer starts with this, so that signing out drops it all. */
export const shopKey = ['shop'] as const;
export const accountKey = [...shopKey, 'account'] as const;

export function useAccount() {
  return useQuery({ queryKey: accountKey, queryFn: () => api<Customer>('GET', '/api/store/account') });
}

/** Where to go after signing in: the page that sent us here, if it is one of ours. */
export function accountReturnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/account';
}
