import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/** Compiled templates: `layout.hbs` wraps each page from `pages/`; partials from `partials/`. */
export interface Views {
  render(page: string, data: Record<string, unknown>): string;
  css: string;
  /** The composer's live check: the console's only script, progressive (the form works without it). */
  composeScript: string;
}

export function loadViews(viewsDir: string, timeZone: string): Views {
  // A private instance, so helpers and partials never leak into other users of handlebars.
  const hbs = Handlebars.create();
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('time', (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? formatter.format(ms) : '—'));
  hbs.registerHelper('join', (list: unknown) => (Array.isArray(list) ? list.join(', ') : ''));
  hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));

  const partialsDir = path.join(viewsDir, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(file.slice(0, -4), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }
  const compile = (file: string) => hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false, noEscape: false });
  const layout = compile(path.join(viewsDir, 'layout.hbs'));
  const pagesDir = path.join(viewsDir, 'pages');
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of fs.readdirSync(pagesDir).filter((f) => f.endsWith('.hbs'))) pages.set(file.slice(0, -4), compile(path.join(pagesDir, file)));

  return {
    render(page, data) {
      const template = pages.get(page);
      if (template === undefined) throw new Error(`console view "${page}" is missing`);
      return layout({ ...data, body: new hbs.SafeString(template(data)) });
    },
    css: fs.readFileSync(path.join(viewsDir, 'console.css'), 'utf8'),
    composeScript: fs.readFileSync(path.join(viewsDir, 'compose.js'), 'utf8'),
  };
}

/** Finds web/console from the source tree or the compiled one (both sit three levels below the root). */
export function defaultViewsDir(moduleUrl: string): string {
  let dir = path.dirname(new URL(moduleUrl).pathname);
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'web', 'console');
    if (fs.existsSync(path.join(candidate, 'layout.hbs'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('web', 'console');
}
