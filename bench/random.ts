/** Deterministic PRNG (mulberry32), so runs are comparable: the engines' own. */
export { seededRandom } from '../plugins/awoooi-node/src/anomaly/testSeries';
