import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatMoney } from './money.js';
import './order-alerts.css';

interface OrderCreated {
  id: string;
  number: number;
  channel: 'in_store' | 'online' | 'cart';
  total: number;
}

/** A short two-note chime; browsers allow it once the page has been touched, which a register has. */
function chime(): void {
  try {
    const audio = new AudioContext();
    const now = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.25, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.32);
    }
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No sound: the alert on screen is still there.
  }
}

/** What shows figures made of orders, looked at again when an order is placed or changes. */
const refreshedByOrders = [['orders'], ['overview'], ['customer-summary']] as const;

/**
 * Listens for orders placed online or imported from a cart while this page is open: each one shows
 * an alert with a link to it, and a chime sounds. Lists of orders (and the figures made of them)
 * refresh on any order change. `toast` floats the alerts over the page, wherever it is scrolled.
 */
export function OnlineOrderAlerts({
  orderPath,
  toast = false,
}: {
  orderPath: (id: string) => string;
  toast?: boolean;
}) {
  const queryClient = useQueryClient();
  const [alerts, setAlerts] = useState<(OrderCreated & { currency: string })[]>([]);

  useEffect(() => {
    const source = new EventSource('/api/events');
    // A cart's first sync can bring thousands of orders in a minute: the lists are looked at again
    // once a burst is over (at most every second), and the chime sounds at most every 3 seconds.
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let lastChime = 0;
    const refresh = () => {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined;
        for (const queryKey of refreshedByOrders) void queryClient.invalidateQueries({ queryKey });
      }, 1000);
    };
    const onCreated = (event: MessageEvent<string>) => {
      const { data } = JSON.parse(event.data) as { data: OrderCreated & { currency?: string } };
      refresh();
      if (data.channel === 'in_store') return;
      setAlerts((list) => [{ ...data, currency: data.currency ?? 'USD' }, ...list].slice(0, 5));
      if (Date.now() - lastChime > 3000) {
        lastChime = Date.now();
        chime();
      }
    };
    source.addEventListener('order.created', onCreated);
    source.addEventListener('order.updated', refresh);
    // What changed between the lists' first read and the stream's (re)connection was not heard.
    source.addEventListener('open', refresh);
    return () => {
      clearTimeout(refreshTimer);
      source.close();
    };
  }, [queryClient]);

  return (
    <div
      className={toast ? 'order-alerts order-alerts-toast' : 'order-alerts'}
      role="alert"
      aria-live="assertive"
    >
      {alerts.map((a) => (
        <p key={a.id} className="notice notice-info order-alert">
          <span>
            <strong>
              New {a.channel === 'cart' ? 'cart' : 'online'} order #{a.number}
            </strong>{' '}
            · {formatMoney(a.total, a.currency)}
          </span>
          <Link to={orderPath(a.id)} onClick={() => setAlerts((list) => list.filter((x) => x.id !== a.id))}>
            Open order
          </Link>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => setAlerts((list) => list.filter((x) => x.id !== a.id))}
          >
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
