import { type FormEvent, useState } from 'react';

/** A list's search: applied when submitted, so that typing does not send a request per key. */
export function SearchBox({
  id,
  label,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="search"
            value={text}
            maxLength={100}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
    </search>
  );
}
