import { AppError } from '../../domain/errors.js';
import { cachedDateFormat } from '../cached-date-format.js';

/** The zone's offset from UTC at `utcMs`, in ms (e.g. −5 h for New York in winter). */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = cachedDateFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(utcMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * An `<input type="datetime-local">` value ("2025-01-20T06:30") read as the city's wall-clock
 * time, whatever zone the browser or server is in.
 */
export function cityTimeToEpoch(local: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (match === null) throw new AppError('INVALID_INPUT', 'time must look like 2025-01-20T06:30');
  const asUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
  // Two passes settle the offset across a daylight-saving change.
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  return guess;
}

/** The city's wall-clock time of `epochMs` as an `<input type="datetime-local">` value. */
export function epochToCityTime(epochMs: number, timeZone: string): string {
  const parts = cachedDateFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
