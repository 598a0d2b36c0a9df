/** Median of the values; NaN for none. Does not modify its input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Scales the median absolute deviation to a standard deviation for normal noise. */
const MAD_TO_SIGMA = 1.4826;

/** Robust spread: the median absolute deviation around the median, as a sigma. */
export function robustSigma(values: ArrayLike<number>): number {
  const centre = median(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    deviations[i] = Math.abs(values[i] - centre);
  }
  return MAD_TO_SIGMA * median(deviations);
}
