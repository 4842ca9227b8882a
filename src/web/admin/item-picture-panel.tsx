import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError, api, type Item } from '../api-client.js';
import { FieldError } from '../components/fields.js';
import { ItemPicture } from '../components/item-picture.js';
import { StatusMessage } from '../components/status.js';
import { itemsKey } from './items-page.js';
import { itemKey } from './stock-panel.js';
import './item-picture-panel.css';

const MAX_BYTES = 5 * 1024 * 1024;
const accepted = ['image/jpeg', 'image/png', 'image/webp'];

/** Why a file cannot be a picture, before it is sent; the server checks again what it really is. */
function fileProblem(file: File): string | null {
  if (!accepted.includes(file.type)) return 'Choose a JPEG, PNG or WebP picture.';
  if (file.size > MAX_BYTES) return `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB: at most 5 MB.`;
  return null;
}

/**
 * The item's picture, as the register and the shop show it: a manager uploads one (it is resized
 * and cleaned by the server, and what comes back is shown) or takes it away.
 */
export function ItemPicturePanel({ item, canChange }: { item: Item; canChange: boolean }) {
  const queryClient = useQueryClient();
  const chooser = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const url = `/api/admin/items/${encodeURIComponent(item.id)}/picture`;
  const changed = (pictureUrl: string | null, message: string) => {
    queryClient.setQueryData<Item>(itemKey(item.id), (old) => (old ? { ...old, pictureUrl } : old));
    void queryClient.invalidateQueries({ queryKey: itemsKey });
    setStatus(message);
  };
  const upload = useMutation({
    mutationFn: (file: File) => api<{ pictureUrl: string }>('PUT', url, file),
    onSuccess: (saved) => changed(saved.pictureUrl, 'Picture saved.'),
    onError: (err) =>
      setProblem(err instanceof ApiError ? err.detail : 'The picture could not be sent. Try again.'),
  });
  const remove = useMutation({
    mutationFn: () => api<void>('DELETE', url),
    onSuccess: () => changed(null, 'Picture removed.'),
    onError: (err) =>
      setProblem(err instanceof ApiError ? err.detail : 'The picture could not be removed. Try again.'),
  });
  const busy = upload.isPending || remove.isPending;

  return (
    <section className="card item-picture-panel" aria-labelledby="picture-title">
      <div className="item-picture-frame">
        {item.pictureUrl ? (
          <img src={item.pictureUrl} alt={item.name} className="item-picture" />
        ) : (
          <ItemPicture url={null} name={item.name} />
        )}
      </div>
      <div className="stack-tight">
        <h2 id="picture-title">Picture</h2>
        <p className="muted">
          {item.pictureUrl
            ? 'Shown on the register and in the shop.'
            : 'No picture yet: the register and the shop show its initial.'}
        </p>
        {canChange ? (
          <>
            <p className="hint" id="item-picture-hint">
              JPEG, PNG or WebP, up to 5 MB. It is resized to 800 pixels and saved without the camera’s
              details (such as where it was taken).
            </p>
            <input
              ref={chooser}
              id="item-picture"
              type="file"
              accept={accepted.join(',')}
              className="visually-hidden"
              aria-describedby={problem ? 'item-picture-hint item-picture-error' : 'item-picture-hint'}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                setStatus('');
                setProblem(undefined);
                if (!file) return;
                const wrong = fileProblem(file);
                if (wrong) setProblem(wrong);
                else upload.mutate(file);
              }}
            />
            <div className="form-actions">
              <label htmlFor="item-picture" className={`button button-secondary${busy ? ' is-busy' : ''}`}>
                {upload.isPending ? 'Uploading…' : item.pictureUrl ? 'Replace picture' : 'Upload picture'}
              </label>
              {item.pictureUrl ? (
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={busy}
                  onClick={() => {
                    setStatus('');
                    setProblem(undefined);
                    remove.mutate();
                  }}
                >
                  Remove picture
                </button>
              ) : null}
              <StatusMessage tone="success">{status}</StatusMessage>
            </div>
            <FieldError id="item-picture" message={problem} />
          </>
        ) : null}
      </div>
    </section>
  );
}
