/** How many sent parts to remember for retried jobs (a few minutes of traffic for a small shop). */
const REMEMBERED_PARTS = 2000;

/**
 * One OutboundMessage may go out as several platform messages (a long text, a menu after its
 * text). Parts that went out are remembered by message id + index, so when a later part fails
 * and the job is retried in this process, the customer does not receive the earlier parts twice.
 */
export class SentParts {
  private readonly sent = new Map<string, string>();

  /** Sends the part unless it already went; resolves to the platform's id for it. */
  async once(partKey: string, send: () => Promise<string | undefined>): Promise<string | undefined> {
    if (this.sent.has(partKey)) return this.sent.get(partKey) || undefined;
    const id = await send();
    this.sent.set(partKey, id ?? '');
    if (this.sent.size > REMEMBERED_PARTS) {
      const oldest = this.sent.keys().next().value;
      if (oldest !== undefined) this.sent.delete(oldest);
    }
    return id;
  }
}
