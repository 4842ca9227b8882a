import { Link } from 'react-router';
import { usePageTitle } from './page-title.js';

export function NotFoundPage({ standalone = false }: { standalone?: boolean }) {
  usePageTitle('Page not found');
  const content = (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/admin">Go to the back office</Link>
      </p>
    </section>
  );
  if (!standalone) return content;
  return (
    <main id="main" tabIndex={-1} className="standalone">
      {content}
    </main>
  );
}
