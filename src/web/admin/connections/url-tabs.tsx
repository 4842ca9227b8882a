import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { useSearchParams } from 'react-router';

export interface UrlTab {
  /** Its value in the address (`?tab=`). */
  id: string;
  label: string;
  render: () => ReactNode;
}

/**
 * ARIA tabs whose choice lives in the address (`?tab=`), so that a reload or a shared link opens
 * the same tab. Arrow keys, Home and End move between tabs and open the one reached; Tab goes
 * into the panel. Only the open panel is rendered, so a tab reads its data when opened.
 */
export function UrlTabs({
  tabs,
  label,
  idPrefix,
}: {
  tabs: readonly UrlTab[];
  label: string;
  idPrefix: string;
}) {
  const [params, setParams] = useSearchParams();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const asked = params.get('tab');
  const activeIndex = Math.max(
    0,
    tabs.findIndex((t) => t.id === asked),
  );
  const active = tabs[activeIndex];

  const open = (index: number) => {
    const tab = tabs[index];
    if (!tab) return;
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set('tab', tab.id);
        return next;
      },
      { replace: true },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const last = tabs.length - 1;
    const keys: Record<string, number> = {
      ArrowRight: activeIndex === last ? 0 : activeIndex + 1,
      ArrowLeft: activeIndex === 0 ? last : activeIndex - 1,
      Home: 0,
      End: last,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    open(next);
    refs.current[next]?.focus();
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list url-tab-list" onKeyDown={onKeyDown}>
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={i === activeIndex}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            tabIndex={i === activeIndex ? 0 : -1}
            className="tab"
            onClick={() => open(i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {active ? (
        <div
          role="tabpanel"
          id={`${idPrefix}-panel-${active.id}`}
          aria-labelledby={`${idPrefix}-tab-${active.id}`}
          className="tab-panel"
        >
          {active.render()}
        </div>
      ) : null}
    </div>
  );
}
