import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinearModel } from '../../src/faq/linear-model.js';
import { TrainedWeightsCache, WEIGHTS_KEPT } from '../../src/faq/trained-weights-cache.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-weights-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small model trained on two separable classes. */
function trained(): LinearModel {
  const model = new LinearModel(2, 3);
  const examples = [
    { ids: Int32Array.from([0]), values: Float64Array.from([1]) },
    { ids: Int32Array.from([1]), values: Float64Array.from([1]) },
    { ids: Int32Array.from([0, 2]), values: Float64Array.from([1, 0.5]) },
  ];
  model.train(examples, Int32Array.from([0, 1, 0]));
  return model;
}

describe('trained weights kept between processes', () => {
  it('gives back exactly the weights it was given, through the file', () => {
    const model = trained();
    const cache = new TrainedWeightsCache(dir);
    cache.write('k1', model.toBytes());
    const again = new LinearModel(2, 3);
    again.fromBytes(cache.read('k1', again.byteLength()) as Buffer);
    expect(again.toBytes()).toEqual(model.toBytes());
    expect([...model.toBytes()].some((b) => b !== 0)).toBe(true);
  });

  it('answers nothing for an unknown key or a model of another shape, so the caller trains', () => {
    const cache = new TrainedWeightsCache(dir);
    cache.write('k2', trained().toBytes());
    expect(cache.read('nosuch', 48)).toBeUndefined();
    expect(cache.read('k2', new LinearModel(3, 3).byteLength())).toBeUndefined();
    expect(() => new LinearModel(3, 3).fromBytes(trained().toBytes())).toThrow(/bytes for a model of/);
  });

  it('keeps only the newest models (each set of taught phrasings trains one)', () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-weights-prune-'));
    const cache = new TrainedWeightsCache(own);
    const bytes = trained().toBytes();
    for (let i = 0; i < WEIGHTS_KEPT + 3; i++) {
      cache.write(`p${i}`, bytes);
      // Distinct modification times, oldest first.
      fs.utimesSync(path.join(own, `matcher-p${i}.bin`), 1_000 + i, 1_000 + i);
    }
    expect(fs.readdirSync(own).filter((f) => f.endsWith('.bin'))).toHaveLength(WEIGHTS_KEPT);
    expect(cache.read(`p${WEIGHTS_KEPT + 2}`, bytes.length)).toBeDefined();
    expect(cache.read('p0', bytes.length)).toBeUndefined();
    fs.rmSync(own, { recursive: true, force: true });
  });

  it('never fails the caller when the folder cannot be written', () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const cache = new TrainedWeightsCache(path.join(blocked, 'cache'));
    expect(() => cache.write('k3', trained().toBytes())).not.toThrow();
    expect(cache.read('k3', trained().byteLength())).toBeUndefined();
  });
});
