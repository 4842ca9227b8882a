import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters, kept in the address so that a filtered list can be bookmarked and the back
 * button works: the values (empty when not set), whether any is set, and how to change them.
 */
export function useUrlFilters<N extends string>(names: readonly N[]) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as Record<N, string>;
  const set = Object.fromEntries(names.filter((n) => filters[n]).map((n) => [n, filters[n]])) as Partial<
    Record<N, string>
  >;
  const apply = (next: Record<N, string>) =>
    setParams(Object.fromEntries(names.filter((n) => next[n]).map((n) => [n, next[n]])), { replace: true });
  const clear = () => setParams({}, { replace: true });
  return { filters, set, filtered: Object.keys(set).length > 0, apply, clear };
}

/** What a list's filter form is given. */
export interface FilterFormProps<F> {
  filters: F;
  filtered: boolean;
  onApply: (next: F) => void;
  onClear: () => void;
}

/** The filter form's draft: typed values stay here until the form is submitted (search text trimmed). */
export function useFilterForm<F extends Record<string, string>>(filters: F, onApply: (next: F) => void) {
  const [form, setForm] = useState(filters);
  const set = (name: keyof F) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply(typeof form.q === 'string' ? { ...form, q: form.q.trim() } : form);
  };
  return { form, setForm, set, onSubmit };
}
