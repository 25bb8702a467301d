/** Storm tests run reduced in the normal suite and at full size with `npm run test:storm` (STORM=full). */
export const FULL = process.env['STORM'] === 'full';

export function size(reduced: number, full: number): number {
  return FULL ? full : reduced;
}
