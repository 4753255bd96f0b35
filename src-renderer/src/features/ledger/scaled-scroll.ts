/**
 * Where the ledger is scrolled to, in virtual px (row index × row height), when the scrollbar is
 * scaled (a million rows are taller than a browser lets an element be). The scrollbar maps the
 * virtual range linearly, so dragging it reaches every row; but a wheel step or an arrow key
 * through the scaled scrollbar would move several times farther than on a short list, skipping
 * rows. Those moves are therefore kept here at full precision and only shown on the scrollbar.
 */
export class ScaledScroll {
  /** Top of the viewport, virtual px. */
  virtual = 0;
  /** Virtual px per physical px of the scrollbar (1 when nothing is scaled). */
  scale = 1;
  /** The largest virtual offset: the last row at the bottom of the viewport. */
  max = 0;
  /** Where the scrollbar is, as the browser reports it (it may round what it was given). */
  physical = 0;

  /**
   * A scroll event at physical `offset`. When it is where our last move put the scrollbar, the
   * precise virtual offset stands; anything else is the user's (a scrollbar drag) and rescales.
   */
  fromPhysical(offset: number): number {
    this.physical = offset;
    if (this.scale === 1 || Math.abs(offset - this.virtual / this.scale) > 1) {
      this.virtual = offset * this.scale;
    }
    return this.virtual;
  }

  /** Moves by `delta` virtual px (a wheel step, one to one as on a short list); returns the scrollbar's offset. */
  by(delta: number): number {
    return this.to(this.virtual + delta);
  }

  /** Goes to an exact virtual offset (a row scrolled into view); returns the scrollbar's offset. */
  to(virtual: number): number {
    this.virtual = Math.max(0, Math.min(this.max, virtual));
    this.physical = this.virtual / this.scale;
    return this.physical;
  }
}
