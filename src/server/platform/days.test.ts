import { describe, expect, it } from 'vitest';
import { addDays, dayIn, mondayOf, startOfDay, zonedDayRange } from './days.js';

describe('days in a time zone', () => {
  it('knows which day it is in the shop, not in UTC', () => {
    // 06:30 UTC on the 5th is still the evening of the 4th in Los Angeles.
    expect(dayIn(new Date('2026-12-05T06:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-04');
    expect(dayIn(new Date('2026-12-05T08:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-05');
    expect(dayIn(new Date('2026-12-04T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-05');
  });

  it('starts a day at local midnight, across summer time', () => {
    expect(startOfDay('2026-12-04', 'America/Los_Angeles').toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(startOfDay('2026-07-04', 'America/Los_Angeles').toISOString()).toBe('2026-07-04T07:00:00.000Z');
    // The day summer time starts (2 a.m. jumps to 3) and the day after.
    expect(startOfDay('2026-03-08', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/Los_Angeles').toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(startOfDay('2026-12-04', 'UTC').toISOString()).toBe('2026-12-04T00:00:00.000Z');
    expect(startOfDay('2026-12-04', 'Asia/Kolkata').toISOString()).toBe('2026-12-03T18:30:00.000Z');
  });

  it('moves days and finds the Monday of a week', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(mondayOf('2026-12-04')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
  });

  it('turns a range of days into instants, the last day included', () => {
    const range = zonedDayRange('2026-12-01', '2026-12-04', 'America/Los_Angeles');
    expect(range.from?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(range.to?.toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(zonedDayRange(undefined, undefined, 'UTC')).toEqual({ from: undefined, to: undefined });
  });
});
