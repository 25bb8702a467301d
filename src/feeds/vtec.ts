/** A parsed P-VTEC string, e.g. `/O.CON.KSEW.FF.W.0001.000000T0000Z-251216T0500Z/`. */
export interface Vtec {
  action: string;
  office: string;
  phenomena: string;
  significance: string;
  etn: string;
  /** The event across all its updates: office.phenomena.significance.etn. */
  eventKey: string;
}

const PATTERN = /\/([OTEX])\.([A-Z]{3})\.([A-Z]{4})\.([A-Z]{2})\.([A-Z])\.(\d{4})\.(\d{6}T\d{4}Z)-(\d{6}T\d{4}Z)\//;

export function parseVtec(value: string): Vtec | undefined {
  const m = PATTERN.exec(value);
  if (m === null) return undefined;
  const [, , action, office, phenomena, significance, etn] = m as unknown as string[];
  return {
    action: action as string,
    office: office as string,
    phenomena: phenomena as string,
    significance: significance as string,
    etn: etn as string,
    eventKey: `vtec:${office}.${phenomena}.${significance}.${etn}`,
  };
}

/** VTEC actions that end an event; the others (NEW, CON, EXT, EXA, EXB, UPG, COR, ROU) keep it going. */
export const ENDING_ACTIONS = new Set(['CAN', 'EXP']);
