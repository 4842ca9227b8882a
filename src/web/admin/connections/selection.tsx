import { useCallback, useEffect, useRef, useState } from 'react';

/** The rows ticked in a list, by id. */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback(
    (id: string, on: boolean) =>
      setSelected((s) => {
        const next = new Set(s);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const setAll = useCallback(
    (ids: readonly string[], on: boolean) =>
      setSelected((s) => {
        const next = new Set(s);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, toggle, setAll, clear };
}

/** Ticks or clears every row shown; half-ticked when some are. */
export function SelectAll({
  ids,
  selected,
  setAll,
  label,
}: {
  ids: readonly string[];
  selected: ReadonlySet<string>;
  setAll: (ids: readonly string[], on: boolean) => void;
  label: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const chosen = ids.filter((id) => selected.has(id)).length;
  const all = ids.length > 0 && chosen === ids.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = chosen > 0 && !all;
  }, [chosen, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={all}
      disabled={ids.length === 0}
      onChange={(e) => setAll(ids, e.target.checked)}
    />
  );
}
