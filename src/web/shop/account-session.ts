import { useQuery } from '@tanstack/react-query';
import { api, type Customer } from '../api-client.js';

/** Everything cached for a signed-in customer starts with this, so that signing out drops it all. */
export const shopKey = ['shop'] as const;
export const accountKey = [...shopKey, 'account'] as const;

export function useAccount() {
  return useQuery({ queryKey: accountKey, queryFn: () => api<Customer>('GET', '/api/store/account') });
}
