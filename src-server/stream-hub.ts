/** Open change streams by token, for the per-token limit and for closing them on revocation. */
export interface OpenStream {
  tokenId: string;
  end(statusCode?: number, message?: string): void;
}

export class StreamHub {
  private readonly byToken = new Map<string, Set<OpenStream>>();

  count(tokenId: string): number {
    return this.byToken.get(tokenId)?.size ?? 0;
  }

  add(stream: OpenStream): () => void {
    let set = this.byToken.get(stream.tokenId);
    if (!set) this.byToken.set(stream.tokenId, (set = new Set()));
    set.add(stream);
    return () => {
      set.delete(stream);
      if (set.size === 0) this.byToken.delete(stream.tokenId);
    };
  }

  endToken(tokenId: string, statusCode: number, message: string): void {
    for (const stream of [...(this.byToken.get(tokenId) ?? [])]) stream.end(statusCode, message);
  }

  endAll(): void {
    for (const set of [...this.byToken.values()]) for (const stream of [...set]) stream.end();
  }
}
