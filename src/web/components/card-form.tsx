import { useQuery } from '@tanstack/react-query';
import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { passesLuhn } from '../../contracts/card-number.js';
import { ApiError, api, type PaymentsConfig } from '../api-client.js';
import { FieldError } from './fields.js';
import { ErrorMessage, Loading } from './status.js';

/** What the card form hands on: a token in place of the number, and the expiry (no secret). */
export interface CardDetails {
  cardToken: string;
  expiry: string;
}

export interface CardFormHandle {
  /** The card's token, or null when something is missing or wrong (shown by the field). */
  collect(): Promise<CardDetails | null>;
}

export const paymentsConfigKey = ['payments-config'] as const;

export function usePaymentsConfig() {
  return useQuery({
    queryKey: paymentsConfigKey,
    queryFn: () => api<PaymentsConfig>('GET', '/api/payments/config'),
    staleTime: 5 * 60_000,
  });
}

/** "04/28", "0428" or "4/28" → "0428"; a problem when it is not a month still to come. */
export function readExpiry(text: string, now = new Date()): { expiry: string } | { problem: string } {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2})\s*$/.exec(text);
  if (!match) return { problem: 'Enter the expiry date as MM/YY, such as 04/28' };
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return { problem: 'The month of the expiry date must be 01 to 12' };
  if (year * 12 + month < now.getFullYear() * 12 + now.getMonth() + 1) {
    return { problem: 'This card has expired' };
  }
  return { expiry: `${String(month).padStart(2, '0')}${match[2]}` };
}

/** The number's digits, or a problem to show. */
function readNumber(text: string): { digits: string } | { problem: string } {
  const digits = text.replace(/[\s-]/g, '');
  if (digits === '') return { problem: 'Enter the card number' };
  if (!/^\d{12,19}$/.test(digits)) return { problem: 'A card number has 12 to 19 digits' };
  if (!passesLuhn(digits)) return { problem: 'This card number is not valid: check the digits' };
  return { digits };
}

type Problems = Partial<Record<'number' | 'expiry' | 'cvv', string>>;

/**
 * The card fields of the register and the shop. The number goes to the tokenizer only: with the
 * sandbox gateway to Tandem's tokenize endpoint, with CardPointe into CardPointe's own iFrame, which
 * gives back a token. The rest of Tandem only ever sees the token.
 */
export function CardForm({
  ref,
  idPrefix,
  legend = 'Card',
}: {
  ref: Ref<CardFormHandle>;
  idPrefix: string;
  legend?: string;
}) {
  const config = usePaymentsConfig();
  if (config.isPending) return <Loading what="the card form" />;
  if (config.isError) return <ErrorMessage error={config.error} />;
  if (!config.data.cardProcessing) {
    return <p className="notice notice-info">Card payments are switched off.</p>;
  }
  const { tokenizer } = config.data;
  return (
    <fieldset className="card-form">
      <legend>{legend}</legend>
      {tokenizer.kind === 'endpoint' ? (
        <EndpointCard ref={ref} idPrefix={idPrefix} url={tokenizer.url} />
      ) : (
        <IframeCard ref={ref} idPrefix={idPrefix} url={tokenizer.url} origin={tokenizer.origin} />
      )}
    </fieldset>
  );
}

function ExpiryField({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const id = `${idPrefix}-expiry`;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>Expiry date (MM/YY)</label>
      <input
        id={id}
        name="cc-exp"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode="numeric"
        autoComplete="cc-exp"
        placeholder="MM/YY"
        maxLength={7}
        className="input-short"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}

/** Sandbox: the number is typed here and posted to the tokenize endpoint, which answers a token. */
function EndpointCard({ ref, idPrefix, url }: { ref: Ref<CardFormHandle>; idPrefix: string; url: string }) {
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvv, setCvv] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<unknown>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  const expiryRef = useRef<HTMLDivElement>(null);
  const cvvRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(
    ref,
    () => ({
      async collect() {
        setFailure(null);
        const found: Problems = {};
        const num = readNumber(number);
        if ('problem' in num) found.number = num.problem;
        const exp = readExpiry(expiry);
        if ('problem' in exp) found.expiry = exp.problem;
        const code = cvv.trim();
        if (!/^\d{3,4}$/.test(code)) found.cvv = 'Enter the 3 or 4 digit security code';
        setProblems(found);
        if ('problem' in num) numberRef.current?.focus();
        else if ('problem' in exp) expiryRef.current?.querySelector('input')?.focus();
        else if (found.cvv) cvvRef.current?.focus();
        if ('problem' in num || 'problem' in exp || found.cvv) return null;
        try {
          const { token } = await api<{ token: string }>('POST', url, {
            number: num.digits,
            expiry: exp.expiry,
            cvv: code,
          });
          return { cardToken: token, expiry: exp.expiry };
        } catch (err) {
          if (err instanceof ApiError && err.code === 'validation_failed') {
            setProblems({ number: 'This card number is not valid: check the digits' });
            numberRef.current?.focus();
          } else {
            setFailure(err);
          }
          return null;
        }
      },
    }),
    [number, expiry, cvv, url],
  );

  const numberId = `${idPrefix}-number`;
  const cvvId = `${idPrefix}-cvv`;
  return (
    <>
      <p className="hint">Sandbox: no real card is charged. 4111 1111 1111 1111 approves.</p>
      <div className={problems.number ? 'field field-invalid' : 'field'}>
        <label htmlFor={numberId}>Card number</label>
        <input
          ref={numberRef}
          id={numberId}
          name="cc-number"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          inputMode="numeric"
          autoComplete="cc-number"
          maxLength={23}
          className="input-medium"
          aria-invalid={problems.number ? true : undefined}
          aria-describedby={problems.number ? `${numberId}-error` : undefined}
        />
        <FieldError id={numberId} message={problems.number} />
      </div>
      <div className="field-row" ref={expiryRef}>
        <ExpiryField idPrefix={idPrefix} value={expiry} onChange={setExpiry} error={problems.expiry} />
        <div className={problems.cvv ? 'field field-invalid' : 'field'}>
          <label htmlFor={cvvId}>Security code</label>
          <input
            ref={cvvRef}
            id={cvvId}
            name="cc-csc"
            value={cvv}
            onChange={(e) => setCvv(e.target.value)}
            inputMode="numeric"
            autoComplete="cc-csc"
            maxLength={4}
            className="input-short"
            aria-invalid={problems.cvv ? true : undefined}
            aria-describedby={problems.cvv ? `${cvvId}-error` : undefined}
          />
          <FieldError id={cvvId} message={problems.cvv} />
        </div>
      </div>
      {failure ? <ErrorMessage error={failure} /> : null}
    </>
  );
}

/** What CardPointe's iFrame posts to its parent: a JSON string with the token in `message`. */
export function readTokenizerMessage(data: unknown): { token: string } | { problem: string } | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('message' in parsed)) return null;
  const { message, validationError, errorMessage } = parsed as Record<string, unknown>;
  if (typeof message === 'string' && /^9\d{11,18}$/.test(message)) return { token: message };
  const why = typeof validationError === 'string' ? validationError : errorMessage;
  return {
    problem:
      why === 'Input is empty' ? 'Enter the card number' : 'This card number is not valid: check the digits',
  };
}

/**
 * CardPointe: the number and security code are typed into CardPointe's iFrame, which posts a token
 * to this page; only messages from that frame and origin are read.
 */
function IframeCard({
  ref,
  idPrefix,
  url,
  origin,
}: {
  ref: Ref<CardFormHandle>;
  idPrefix: string;
  url: string;
  origin: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [token, setToken] = useState<string | null>(null);
  const [expiry, setExpiry] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== frame.current?.contentWindow) return;
      const read = readTokenizerMessage(event.data);
      if (!read) return;
      if ('token' in read) {
        setToken(read.token);
        setProblems((p) => ({ ...p, number: undefined }));
      } else {
        setToken(null);
        setProblems((p) => ({ ...p, number: read.problem }));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [origin]);

  useImperativeHandle(
    ref,
    () => ({
      async collect() {
        const found: Problems = {};
        if (!token) found.number = problems.number ?? 'Enter the card number and security code';
        const exp = readExpiry(expiry);
        if ('problem' in exp) found.expiry = exp.problem;
        setProblems(found);
        if (!token || 'problem' in exp) return null;
        return { cardToken: token, expiry: exp.expiry };
      },
    }),
    [token, expiry, problems.number],
  );

  const numberId = `${idPrefix}-number`;
  return (
    <>
      <div className={problems.number ? 'field field-invalid' : 'field'}>
        <p className="hint" id={`${numberId}-hint`}>
          Card number and security code are entered on CardPointe’s secure form.
        </p>
        <iframe
          ref={frame}
          id={numberId}
          title="Card number and security code"
          src={url}
          className="card-frame"
          aria-describedby={`${numberId}-hint`}
        />
        <FieldError id={numberId} message={problems.number} />
      </div>
      <ExpiryField idPrefix={idPrefix} value={expiry} onChange={setExpiry} error={problems.expiry} />
    </>
  );
}
