import fs from 'node:fs';
import path from 'node:path';
import type { FeedFormat } from '../../../src/feeds/feed-item.js';

/** Which document family a seed belongs to; mutators pick field names by flavor. */
export type Flavor = 'atom-cap' | 'rss' | 'cap' | 'nws-json' | 'json-feed';

export interface Seed {
  name: string;
  flavor: Flavor;
  format: FeedFormat;
  contentType: string;
  text: string;
}

export const FIXTURES = path.resolve('test/fixtures/feeds');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** The first `count` entries of an Atom feed, with its header and closing tag. */
function atomSubset(atom: string, count: number): string {
  const first = atom.indexOf('<entry>');
  let end = first;
  for (let i = 0; i < count; i++) {
    const next = atom.indexOf('</entry>', end);
    if (next < 0) break;
    end = next + '</entry>'.length;
  }
  return `${atom.slice(0, end)}\n</feed>\n`;
}

function nwsSubset(json: string, count: number): string {
  const doc = JSON.parse(json) as { features: unknown[] };
  return JSON.stringify({ ...doc, features: doc.features.slice(0, count) }, null, 2);
}

const day = (offsetDays: number) => new Date(Date.parse('2026-01-19T12:00:00Z') + offsetDays * 86_400_000);

/** A city announcement feed in RSS 2.0, like the ones city sites publish (no snow wording: fuzzed copies must never declare). */
export function cityRss(items = 4): string {
  const topics = ['Library hours change for the holiday', 'Cooling centers open this weekend', 'Trash collection delayed one day', 'Water main repair on Market Street', 'Leaf collection schedule', 'Public meeting on the bus network'];
  const entries = Array.from({ length: items }, (_, i) => {
    const title = topics[i % topics.length] ?? 'Notice';
    return `    <item>
      <guid isPermaLink="false">city-${i + 1}</guid>
      <title>${title}</title>
      <link>https://www.phila.gov/news/${i + 1}</link>
      <description><![CDATA[<p>${title}. See <a href="https://www.phila.gov">phila.gov</a> for details.</p>]]></description>
      <pubDate>${day(-i).toUTCString()}</pubDate>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>City of Philadelphia – News</title>
    <link>https://www.phila.gov</link>
    <description>City announcements</description>
${entries.join('\n')}
  </channel>
</rss>
`;
}

/** A JSON Feed 1.1 of city announcements. */
export function cityJsonFeed(items = 4): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'City of Philadelphia – Notices',
      home_page_url: 'https://www.phila.gov',
      items: Array.from({ length: items }, (_, i) => ({
        id: `notice-${i + 1}`,
        url: `https://www.phila.gov/notices/${i + 1}`,
        title: `Notice ${i + 1}: street sweeping resumes`,
        content_text: 'Street sweeping resumes on Monday. Please move vehicles on posted blocks.',
        date_published: day(-i).toISOString(),
      })),
    },
    null,
    2,
  );
}

let cache: Seed[] | undefined;

/** The real fixtures (each format) plus smaller cuts of the big ones, so most mutations stay cheap. */
export function loadSeeds(): Seed[] {
  if (cache !== undefined) return cache;
  const atom = read('nws_atom_us_alerts_weather_gov_cap11_2018-08-15.xml');
  const winter = read('nws_api_alerts_active_northwest_winter_subset_2025-12-15.json');
  const xml = 'application/atom+xml';
  cache = [
    { name: 'nws-atom-cap-2018 (163 entries)', flavor: 'atom-cap', format: 'rss', contentType: xml, text: atom },
    { name: 'nws-atom-cap-2018 (first 6 entries)', flavor: 'atom-cap', format: 'rss', contentType: xml, text: atomSubset(atom, 6) },
    { name: 'gdacs-rss (BOM)', flavor: 'rss', format: 'rss', contentType: 'application/rss+xml', text: read('gdacs_gdacs-1.xml') },
    { name: 'city-rss', flavor: 'rss', format: 'rss', contentType: 'application/rss+xml', text: cityRss() },
    { name: 'nws-cap11-flash-flood-2010', flavor: 'cap', format: 'cap', contentType: 'application/cap+xml', text: read('nws_cap11_flash_flood_watch_2010-08-30.xml') },
    { name: 'nws-api-flood-watch-update-2019', flavor: 'nws-json', format: 'nws-json', contentType: 'application/geo+json', text: read('nws_api_alerts_active_zone_flood_watch_update_2019-12-20.json') },
    { name: 'nws-api-northwest-winter-2025 (70 alerts)', flavor: 'nws-json', format: 'nws-json', contentType: 'application/geo+json', text: winter },
    { name: 'nws-api-northwest-winter-2025 (first 5 alerts)', flavor: 'nws-json', format: 'nws-json', contentType: 'application/geo+json', text: nwsSubset(winter, 5) },
    { name: 'city-json-feed', flavor: 'json-feed', format: 'json', contentType: 'application/feed+json', text: cityJsonFeed() },
  ];
  return cache;
}

/** Documents that are not feeds at all but are served by real, misconfigured URLs. */
export function alienDocuments(): { name: string; contentType: string; text: string }[] {
  return [
    { name: 'cambridge-geojson-layer', contentType: 'application/geo+json', text: read('cambridge_ma_TRAFFIC_SnowEmergencyParking.geojson') },
    { name: 'html-502', contentType: 'text/html', text: '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n' },
    { name: 'html-maintenance', contentType: 'text/html; charset=utf-8', text: '<html><body><h1>Scheduled maintenance</h1><p>The alerts service is down for maintenance & will be back at 5 pm.</p><br></body></html>' },
    { name: 'cloudflare-challenge', contentType: 'text/html', text: '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><script>window._cf_chl_opt={cvId:"3"};</script></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>' },
    { name: 'json-error', contentType: 'application/problem+json', text: '{"correlationId":"1a2b","title":"Unexpected Problem","type":"https://api.weather.gov/problems/UnexpectedProblem","status":500,"detail":"An unexpected problem has occurred."}' },
    { name: 'soap-fault', contentType: 'text/xml', text: '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultstring>Server busy</faultstring></soap:Fault></soap:Body></soap:Envelope>' },
  ];
}
