import { useQuery } from '@tanstack/react-query';
import type { CustomerPerks } from '../../contracts/customer-perks.js';
import { api, type Customer } from '../api-client.js';

/** Everything cached for a signed-in customer starts with this, so that signing out drops it all. */
export const shopKey = ['shop'] as const;
export const accountKey = [...shopKey, 'account'] as const;

export function useAccount() {
  return useQuery({ queryKey: accountKey, queryFn: () => api<Customer>('GET', '/api/store/account') });
}

export const shopPerksKey = [...shopKey, 'perks'] as const;

/** What the signed-in customer's memberships and packages take off in the shop (none signed out). */
export function useShopPerks() {
  const account = useAccount();
  return useQuery({
    queryKey: shopPerksKey,
    queryFn: () => api<CustomerPerks>('GET', '/api/store/account/perks'),
    enabled: account.isSuccess,
  });
}

/** The shop's name, currency and what it offers customers (gift card amounts, the portal). */
export interface ShopAbout {
  name: string;
  currency: string;
  onlineShop: boolean;
  guestCheckout: boolean;
  giftCards: { minAmount: number; maxAmount: number };
  portal: { enabled: boolean; viewRecurring: boolean; editRecurring: boolean };
}

export const useShopAbout = () =>
  useQuery({
    queryKey: ['shop', 'about'],
    queryFn: () => api<ShopAbout>('GET', '/api/store/about'),
    staleTime: 5 * 60_000,
  });
