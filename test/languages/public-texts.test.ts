import { describe, expect, it } from 'vitest';
import { PublicTexts } from '../../src/languages/public-texts.js';
import { TemplateEngine } from '../../src/templates/engine.js';

function texts(): PublicTexts {
  const shipped = new PublicTexts(new TemplateEngine({ timeZone: 'America/New_York' }));
  shipped.add({ key: 'label:hello', language: 'es', text: 'Hola, {{city}}', file: 'locales/es.yaml', path: 'labels.hello' });
  return shipped;
}

describe('PublicTexts.renderOnce', () => {
  it('renders what render renders, the live edit included', () => {
    const t = texts();
    expect(t.renderOnce('es', 'label:hello', { city: 'Filadelfia' })).toBe('Hola, Filadelfia');
    t.edit('es', 'label:hello', 'Buenos días, {{city}}');
    expect(t.renderOnce('es', 'label:hello', { city: 'Filadelfia' })).toBe('Buenos días, Filadelfia');
    expect(t.render('es', 'label:hello', { city: 'Filadelfia' })).toBe('Buenos días, Filadelfia');
    t.dropEdit('es', 'label:hello');
    expect(t.renderOnce('es', 'label:hello', { city: 'Filadelfia' })).toBe('Hola, Filadelfia');
  });

  it('names the file when a variable is missing, and never renders another language', () => {
    const t = texts();
    expect(() => t.renderOnce('es', 'label:hello', {})).toThrow(/locales\/es\.yaml/);
    expect(() => t.renderOnce('fr', 'label:hello', { city: 'Philadelphie' })).toThrow('no fr text for label:hello');
  });
});
