import { type FormEvent, useState } from 'react';
import { ApiError, errorDetail, type ImportReport, postWithProgress } from '../api-client.js';
import { Dialog } from '../components/dialog.js';

/** How many problem rows the report lists; the count says how many more there are. */
const SHOWN_PROBLEMS = 200;

type Step =
  | { name: 'choose'; error?: string }
  | { name: 'sending'; purpose: 'check' | 'import'; sent: number; total: number }
  | { name: 'report'; report: ImportReport }
  | { name: 'done'; report: ImportReport }
  | { name: 'failed'; report: ImportReport; error: string };

/**
 * "Export CSV" (the list as filtered now) and "Import CSV": the file is checked first and every bad
 * row reported by line; importing then writes the valid rows at once. Cancelling before that
 * imports nothing.
 */
export function CsvTransfer({
  noun,
  importPath,
  exportHref,
  columns,
  required,
  matchedBy,
  onImported,
}: {
  /** Plural, lower case: "items". */
  noun: string;
  importPath: string;
  exportHref: string;
  columns: readonly string[];
  required: readonly string[];
  /** The column by which a row updates a record that exists. */
  matchedBy: string;
  onImported: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <a className="button button-secondary" href={exportHref} download>
        Export CSV
      </a>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        Import CSV
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Import ${noun} from CSV`}>
        <ImportSteps
          noun={noun}
          importPath={importPath}
          columns={columns}
          required={required}
          matchedBy={matchedBy}
          onImported={onImported}
          onClose={() => setOpen(false)}
        />
      </Dialog>
    </>
  );
}

function ImportSteps({
  noun,
  importPath,
  columns,
  required,
  matchedBy,
  onImported,
  onClose,
}: {
  noun: string;
  importPath: string;
  columns: readonly string[];
  required: readonly string[];
  matchedBy: string;
  onImported: () => void;
  onClose: () => void;
}) {
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [csv, setCsv] = useState('');

  const send = (purpose: 'check' | 'import', text: string) => {
    setStep({ name: 'sending', purpose, sent: 0, total: 0 });
    return postWithProgress<ImportReport>(
      importPath,
      { csv: text, dryRun: purpose === 'check' },
      (sent, total) => setStep({ name: 'sending', purpose, sent, total }),
    );
  };

  const check = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.name === '') {
      setStep({ name: 'choose', error: 'Choose a CSV file.' });
      return;
    }
    try {
      const text = await file.text();
      const report = await send('check', text);
      setCsv(text);
      setStep({ name: 'report', report });
    } catch (err) {
      setStep({ name: 'choose', error: fileProblem(err) });
    }
  };

  const importValid = async (checked: ImportReport) => {
    try {
      const report = await send('import', csv);
      setStep({ name: 'done', report });
      onImported();
    } catch (err) {
      setStep({ name: 'failed', report: checked, error: errorDetail(err) });
    }
  };

  switch (step.name) {
    case 'choose':
      return (
        <form onSubmit={check} className="stack-tight" noValidate>
          <p>
            A file with a header row naming its columns: <code>{columns.join(', ')}</code>. Required:{' '}
            {required.join(', ')}. A row whose {matchedBy} is known updates that record; the others are added.
            Export CSV gives a file in this shape.
          </p>
          <div className="field">
            <label htmlFor="csv-file">CSV file</label>
            <input
              id="csv-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-invalid={step.error ? true : undefined}
              aria-describedby={step.error ? 'csv-file-error' : undefined}
            />
            {step.error ? (
              <p className="field-error" id="csv-file-error" role="alert">
                {step.error}
              </p>
            ) : null}
          </div>
          <p className="muted">
            Checking changes nothing: you see what the file holds before anything is imported.
          </p>
          <div className="form-actions">
            <button type="submit" className="button">
              Check file
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      );
    case 'sending':
      return <Sending purpose={step.purpose} sent={step.sent} total={step.total} noun={noun} />;
    case 'report':
      return (
        <div className="stack-tight">
          <ReportSummary report={step.report} noun={noun} />
          <Problems report={step.report} />
          <div className="form-actions">
            {step.report.valid > 0 ? (
              <button type="button" className="button" onClick={() => importValid(step.report)}>
                Import {plural(step.report.valid, 'row')}
              </button>
            ) : null}
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setStep({ name: 'choose' })}
            >
              Choose another file
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
          {step.report.valid > 0 && step.report.errors.length > 0 ? (
            <p className="muted">The rows with problems are left out. Cancel to import nothing.</p>
          ) : null}
        </div>
      );
    case 'failed':
      return (
        <div className="stack-tight">
          <p className="notice notice-error" role="alert">
            {step.error}
          </p>
          <p>Nothing was imported.</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setStep({ name: 'choose' })}>
              Choose another file
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      );
    case 'done':
      return (
        <div className="stack-tight">
          <p className="notice notice-success" role="status">
            Imported {plural(step.report.created + step.report.updated, 'row')}:{' '}
            {step.report.created.toLocaleString()} added, {step.report.updated.toLocaleString()} updated
            {step.report.errors.length > 0 ? `, ${plural(step.report.errors.length, 'row')} left out` : ''}.
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      );
  }
}

function Sending({
  purpose,
  sent,
  total,
  noun,
}: {
  purpose: 'check' | 'import';
  sent: number;
  total: number;
  noun: string;
}) {
  const uploading = total > 0 && sent < total;
  const label = uploading
    ? `Sending the file… ${Math.floor((sent / total) * 100)}%`
    : purpose === 'check'
      ? 'Checking every row…'
      : `Importing ${noun}…`;
  return (
    <div className="stack-tight">
      <label htmlFor="csv-progress">{label}</label>
      {/* Determinate while the file is sent; the server's work after that has no measure. */}
      {uploading ? (
        <progress id="csv-progress" className="progress" value={sent} max={total} />
      ) : (
        <progress id="csv-progress" className="progress" />
      )}
      {purpose === 'import' ? <p className="muted">All the rows are written at once, or none.</p> : null}
    </div>
  );
}

function ReportSummary({ report, noun }: { report: ImportReport; noun: string }) {
  const bad = report.errors.length;
  return (
    <p role="status" className={bad > 0 ? 'notice notice-info' : 'notice notice-success'}>
      {plural(report.rows, 'row')} in the file: {report.valid.toLocaleString()} ready to import
      {bad > 0 ? `, ${plural(bad, 'row')} with problems` : ''}.
      {report.valid === 0 ? ` No ${noun} can be imported from this file.` : ''}
    </p>
  );
}

function Problems({ report }: { report: ImportReport }) {
  if (report.errors.length === 0) return null;
  const shown = report.errors.slice(0, SHOWN_PROBLEMS);
  return (
    <div className="import-problems">
      <table className="table">
        <caption>Rows with problems</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={`${e.line}:${e.message}`}>
              <td className="num">{e.line}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.errors.length > shown.length ? (
        <p className="muted">
          And {report.errors.length - shown.length} more; correct these and check again.
        </p>
      ) : null}
    </div>
  );
}

/** What is wrong with the file as a whole, such as not being CSV. */
function fileProblem(err: unknown): string {
  if (err instanceof ApiError) {
    const onFile = err.errors.find((e) => e.path === 'csv');
    if (onFile) return onFile.message;
  }
  return errorDetail(err);
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
