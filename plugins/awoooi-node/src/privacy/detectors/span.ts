import { PiiType } from '../types';

/** A detector's match; the scanner turns these into entities. */
export interface Span {
  type: PiiType;
  start: number;
  end: number;
}
