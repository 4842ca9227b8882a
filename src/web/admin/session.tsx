import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, type Me, type Role, type Settings } from '../api-client.js';

export const meQueryKey = ['me'] as const;
export const settingsQueryKey = ['settings'] as const;

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: () => api<Me>('GET', '/api/auth/me') });
}

export function useSettings() {
  return useQuery({ queryKey: settingsQueryKey, queryFn: () => api<Settings>('GET', '/api/admin/settings') });
}

const StaffContext = createContext<Me | null>(null);
export const StaffProvider = StaffContext.Provider;

/** The signed-in staff member; only inside the admin layout, which waits for it. */
export function useStaff(): Me {
  const me = useContext(StaffContext);
  if (!me) throw new Error('useStaff() is used outside the admin layout');
  return me;
}

export const canManage = (role: Role) => role === 'owner' || role === 'manager';
