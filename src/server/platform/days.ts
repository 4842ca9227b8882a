/**
 * Calendar days in a time zone ("2026-12-04" in America/Los_Angeles): which day it is at an
 * instant, and the instant a day starts, so that "today" means the shop's today, not UTC's.
 */

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time in `timeZone` at `at`, read as if it were UTC (milliseconds). */
function wallClock(at: Date, timeZone: string): number {
  const p = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/** The day it is in `timeZone` at `at`: "YYYY-MM-DD". */
export function dayIn(at: Date, timeZone: string): string {
  return new Date(wallClock(at, timeZone)).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week `day` is in. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The instant `day` starts in `timeZone` (midnight there; on a day that skips midnight, its first hour). */
export function startOfDay(day: string, timeZone: string): Date {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset near that midnight, then once more at the instant found: a change of offset
  // (summer time) between the two moves it by the difference.
  let at = midnight - (wallClock(new Date(midnight), timeZone) - midnight);
  at = midnight - (wallClock(new Date(at), timeZone) - at);
  return new Date(at);
}

/** From the start of `from` to the start of the day after `to`, in `timeZone`; either may be left open. */
export function zonedDayRange(from: string | undefined, to: string | undefined, timeZone: string) {
  return {
    from: from ? startOfDay(from, timeZone) : undefined,
    to: to ? startOfDay(addDays(to, 1), timeZone) : undefined,
  };
}
