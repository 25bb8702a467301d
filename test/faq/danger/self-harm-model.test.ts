import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblemsOf } from '../../support/config-problems.js';
import { createDangerDetector } from '../../../src/faq/danger/create-danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { loadSelfHarmModel } from '../../../src/faq/danger/self-harm-model.js';
import { MISTAG_BUDGET } from '../../../src/faq/danger/training/train-self-harm-head.js';
import { loadKnowledgeBase } from '../../../src/faq/knowledge-base.js';
import { TemplateEngine } from '../../../src/templates/engine.js';

const dir = path.resolve('faq/danger');

describe('the shipped self-harm head (faq/danger/self-harm.json, self-harm.bin)', () => {
  const head = loadSelfHarmModel(dir);

  it('was trained with the danger model, on the same inputs and features', () => {
    const model = loadDangerModel(dir);
    expect(head.metadata.training.inputsHash).toBe(model.metadata.training.inputsHash);
    expect(head.space).toEqual(model.space);
  });

  it('out of fold, tagged most self-harm posts and other dangers within the budget', () => {
    const cv = head.metadata.training.crossValidated;
    expect(cv.selfHarm).toBeGreaterThan(500);
    expect(cv.tagged / cv.selfHarm).toBeGreaterThan(0.5);
    expect(cv.mistagged / cv.otherDanger).toBeLessThanOrEqual(MISTAG_BUDGET);
  });

  it('names self-harm told without any self-harm word, and not a fire or a fall', () => {
    const detector = createDangerDetector(dir, loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'UTC' })));
    const told = detector.detect('my brother sent me a text at 3am saying sorry for everything and that he loves us, now his phone is off and he lives alone', 'en');
    expect(told.tier).not.toBe('none');
    expect(told.kinds).toEqual(['self_harm']);
    expect(detector.detect('there is a fire in my building', 'en').kinds).toEqual(['fire']);
    expect(detector.detect('my mom fell and cant get up shes bleeding badly', 'en').kinds).not.toContain('self_harm');
  });

  it('still names self-harm when the lexicons read someone nobody can reach: the crisis line goes with the 911 line', () => {
    const detector = createDangerDetector(dir, loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'UTC' })));
    const goodbye = detector.detect('my brother posted goodbye to everyone last night and gave his dog to me, nobody has seen him since', 'en');
    expect(goodbye.kinds).toContain('missing');
    expect(goodbye.kinds).toContain('self_harm');
  });
});

describe('loading a self-harm head', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'self-harm-model-'));
  const problem = configProblemsOf;

  it('names the missing file', () => {
    expect(problem(() => loadSelfHarmModel(tmp()))).toMatch(/self-harm\.json .*npm run train:danger/);
  });

  it('names the file and field of malformed metadata, and weights of the wrong size', () => {
    const d = tmp();
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'self-harm.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(d, 'self-harm.json'), JSON.stringify({ ...metadata, threshold: 'high' }));
    fs.copyFileSync(path.join(dir, 'self-harm.bin'), path.join(d, 'self-harm.bin'));
    expect(problem(() => loadSelfHarmModel(d))).toMatch(/self-harm\.json threshold/);
    fs.copyFileSync(path.join(dir, 'self-harm.json'), path.join(d, 'self-harm.json'));
    fs.writeFileSync(path.join(d, 'self-harm.bin'), Buffer.alloc(10));
    expect(problem(() => loadSelfHarmModel(d))).toMatch(/self-harm\.bin .*10 bytes/);
  });
});
