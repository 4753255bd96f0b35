import { describe, expect, it } from 'vitest';
import { ScaledScroll } from '../../src-renderer/src/features/ledger/scaled-scroll';

/** 1M rows of 40 px on an 8M px scrollbar with a 600 px viewport, as the ledger table sets it up. */
function millionRows(): ScaledScroll {
  const s = new ScaledScroll();
  const virtualHeight = 1_000_000 * 40;
  s.scale = (virtualHeight - 600) / (8_000_000 - 600);
  s.max = virtualHeight - 600;
  return s;
}

describe('ScaledScroll', () => {
  it('moves wheel steps one to one in virtual px and keeps them across its own scroll events', () => {
    const s = millionRows();
    const physical = s.by(100);
    expect(s.virtual).toBe(100);
    expect(physical).toBeCloseTo(100 / s.scale, 9);
    // The browser reports the scrollbar where we put it, rounded to a pixel: the precise offset stands.
    expect(s.fromPhysical(Math.round(physical))).toBe(100);
    for (let i = 0; i < 7; i++) s.by(40);
    expect(s.virtual).toBe(380);
    expect(s.fromPhysical(Math.round(380 / s.scale))).toBe(380);
  });

  it('a scrollbar drag (an offset it did not set) rescales to the virtual range', () => {
    const s = millionRows();
    s.by(100);
    expect(s.fromPhysical(4_000_000)).toBeCloseTo(4_000_000 * s.scale, 6);
    // The bottom of the scrollbar is the last row at the bottom of the viewport.
    expect(s.fromPhysical(8_000_000 - 600)).toBeCloseTo(s.max, 3);
  });

  it('stays inside the ledger at both ends', () => {
    const s = millionRows();
    expect(s.by(-500)).toBe(0);
    expect(s.virtual).toBe(0);
    expect(s.to(10 ** 12)).toBeCloseTo(8_000_000 - 600, 6);
    expect(s.virtual).toBe(s.max);
  });

  it('on an unscaled list it follows the scrollbar exactly', () => {
    const s = new ScaledScroll();
    s.max = 10_000;
    s.by(300);
    expect(s.fromPhysical(300.5)).toBe(300.5);
    expect(s.fromPhysical(17)).toBe(17);
  });
});
