/**
 * One ledger write at a time per team in this endpoint process. The entry rules read what is stored
 * (earlier refunds of a usage, the cycle's grants) before the write that depends on them; without
 * this, two pushes could both pass against the same stored state — ten machines each refunding 300 of
 * a 1,000 usage were all accepted on PostgreSQL. Other teams' writes are not held up.
 */
export class TeamLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(teamId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(teamId, tail);
    try {
      return await mine;
    } finally {
      // The last in line clears the entry, so idle teams hold no memory.
      if (this.tails.get(teamId) === tail) this.tails.delete(teamId);
    }
  }
}
