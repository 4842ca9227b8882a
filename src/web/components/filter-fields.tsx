/** A filter form's choice among labelled values, or Any. */
export function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: Readonly<Record<string, string>>;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {Object.entries(options).map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A filter form's buttons: Filter, and Clear once anything is filtered. */
export function FilterButtons({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <>
      <button type="submit" className="button button-secondary">
        Filter
      </button>
      {filtered ? (
        <button type="button" className="button button-quiet" onClick={onClear}>
          Clear
        </button>
      ) : null}
    </>
  );
}
