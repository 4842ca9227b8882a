import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type WorkReport } from '../../api-client.js';
import { BatchProgress } from './batch-progress.js';
import { connectionPath, useBatch } from './connection-hooks.js';
import { cartRecordsKey } from './connection-model.js';

/**
 * "Export selected": sends the ticked Tandem records to the cart a chunk at a time (creating those
 * it lacks, updating those it has), with a dry run that only says what would happen.
 */
export function ExportBar({
  connectionId,
  entity,
  selected,
  nameOf,
  onDone,
}: {
  connectionId: string;
  entity: 'items' | 'customers';
  selected: ReadonlySet<string>;
  nameOf: (id: string) => string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const batch = useBatch();
  const [dryRun, setDryRun] = useState(false);
  const id = useId();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (selected.size === 0 || batch.running) return;
    const report = await batch.run([...selected], (ids) =>
      api<WorkReport>('POST', `${connectionPath(connectionId)}/export/${entity}`, { ids, dryRun }),
    );
    if (report && !report.dryRun) {
      onDone();
      void queryClient.invalidateQueries({ queryKey: cartRecordsKey(connectionId) });
    }
  };
  return (
    <>
      <form onSubmit={onSubmit} className="inline-form work-bar" aria-label={`Export ${entity}`}>
        <div className="check">
          <input
            type="checkbox"
            id={`${id}-dry`}
            checked={dryRun}
            onChange={(e) => setDryRun(e.target.checked)}
          />
          <label htmlFor={`${id}-dry`}>Dry run</label>
        </div>
        <button type="submit" className="button" disabled={selected.size === 0 || batch.running}>
          Export selected{selected.size > 0 ? ` (${selected.size})` : ''}
        </button>
        <p className="hint">
          {entity === 'items'
            ? 'Items go with their name, price and free stock; those the cart has are updated.'
            : 'Customers need an email; those the cart has are updated.'}
        </p>
      </form>
      <BatchProgress batch={batch} doing="Exporting" nameOf={nameOf} />
    </>
  );
}
