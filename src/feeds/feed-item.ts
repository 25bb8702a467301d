/** CAP fields of an alert, from NWS Atom `cap:` elements, the NWS JSON API, or a CAP document. */
export interface CapFields {
  identifier?: string;
  event: string;
  status: string;
  msgType: string;
  severity?: string;
  urgency?: string;
  certainty?: string;
  areaDesc?: string;
  geocode: { UGC: string[]; FIPS6: string[]; SAME: string[] };
  effective?: string;
  expires?: string;
  /** Identifiers of the alerts this one updates or cancels. */
  references: string[];
  vtec: string[];
}

/** One entry of any feed, normalised. */
export interface FeedItem {
  /** guid, Atom id, CAP identifier, or a hash of title+date. */
  id: string;
  title: string;
  summary: string;
  link?: string;
  /** Epoch ms. */
  publishedAt: number;
  cap?: CapFields;
}

export type FeedFormat = 'rss' | 'nws-json' | 'cap' | 'json';
