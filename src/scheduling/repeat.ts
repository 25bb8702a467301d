/** How the console offers a recurring post: the common rhythms, or a cron expression. */
export type Repeat = 'daily' | 'weekdays' | 'weekly';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The wall-clock minute, hour and weekday (0 = Sunday) of `at` in `timeZone`. */
function wallClock(at: number, timeZone: string): { minute: number; hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', weekday: 'short' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { minute: Number(get('minute')), hour: Number(get('hour')), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) };
}

/** A cron expression repeating at `at`'s time of day (and weekday, for weekly), in the city's zone. */
export function repeatToCron(repeat: Repeat, at: number, timeZone: string): string {
  const { minute, hour, weekday } = wallClock(at, timeZone);
  const days = repeat === 'daily' ? '*' : repeat === 'weekdays' ? '1-5' : String(weekday);
  return `${minute} ${hour} * * ${days}`;
}

/** "every day at 07:30", "weekdays at 07:30", "every Monday at 07:30", or the cron expression itself. */
export function describeCron(cron: string): string {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5|[0-6])$/.exec(cron.trim());
  if (match === null) return `cron ${cron}`;
  const time = `${match[2]?.padStart(2, '0')}:${match[1]?.padStart(2, '0')}`;
  if (match[3] === '*') return `every day at ${time}`;
  if (match[3] === '1-5') return `weekdays at ${time}`;
  return `every ${WEEKDAYS[Number(match[3])]} at ${time}`;
}
