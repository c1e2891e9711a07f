// Issue #12: an out-of-range setting is brought into range and explained, never silently cleared.
import { describe, expect, it } from 'vitest';
import { fitToRange, fitWithNote } from '@/lib/pages/number-field';

describe('fitToRange', () => {
  it('keeps values in range, clamps and rounds others, leaves empty as the default', () => {
    expect(fitToRange('0.7', { min: 0, max: 2 }, false)).toEqual({ value: 0.7, adjusted: false });
    expect(fitToRange('5', { min: 0, max: 2 }, false)).toEqual({ value: 2, adjusted: true });
    expect(fitToRange('10000', { min: 1, max: 8192 }, true)).toEqual({ value: 8192, adjusted: true });
    expect(fitToRange('12.6', { min: 1, max: 8192 }, true)).toEqual({ value: 13, adjusted: true });
    expect(fitToRange('0', { min: 1, max: 8192 }, true)).toEqual({ value: 1, adjusted: true });
    expect(fitToRange('', { min: 1, max: 8192 }, true)).toEqual({ value: undefined, adjusted: false });
  });

  it('explains what was used', () => {
    expect(fitWithNote('10000', { min: 1, max: 8192 }, true)).toEqual({ value: 8192, note: '10000 is outside 1–8192, so 8192 is used.' });
    expect(fitWithNote('100', { min: 1, max: 8192 }, true).note).toBeNull();
  });
});
