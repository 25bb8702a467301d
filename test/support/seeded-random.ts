// The generator lives with the danger model's training, which ships; tests replay from the same one.
export { seededRandom } from '../../src/faq/danger/training/seeded-random.js';
