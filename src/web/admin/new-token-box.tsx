import { useEffect, useRef, useState } from 'react';
import type { CreatedApiToken } from '../api-client.js';
import { StatusMessage } from '../components/status.js';

/** The secret is in this answer only: show it once, with a way to copy it. */
export function NewTokenBox({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  const boxRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    boxRef.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('Token copied to the clipboard.');
    } catch {
      // Without a secure context there is no clipboard API: select it for the person to copy.
      inputRef.current?.select();
      setCopied('Copying is not available here: the token is selected, press Ctrl+C (or ⌘C) to copy it.');
    }
  };

  return (
    <section className="token-box stack-tight" ref={boxRef} tabIndex={-1} aria-labelledby="new-token-title">
      <h2 id="new-token-title">Token “{token.name}” created</h2>
      <p>
        <strong>Copy this token now.</strong> It is shown only once: Tandem keeps no copy it could show again.
        Anyone who has it can use the API as a {token.role}.
      </p>
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="new-token-value">API token</label>
          <input
            id="new-token-value"
            ref={inputRef}
            className="token-value"
            readOnly
            value={token.token}
            spellCheck={false}
            onFocus={(e) => e.target.select()}
          />
        </div>
        <button type="button" className="button" onClick={copy}>
          Copy token
        </button>
      </div>
      <StatusMessage>{copied}</StatusMessage>
      <button type="button" className="button button-secondary" onClick={onDone}>
        I have stored it safely
      </button>
    </section>
  );
}
