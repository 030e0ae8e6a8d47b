import type { Logger } from '../../observability/logger';
import { errorText } from './inboundRelay';
import type { ClientLike } from './libraryClient';

const CACHE_SIZE = 5000;

/**
 * WhatsApp increasingly shows a person as a privacy id (`<id>@lid`) instead of their number.
 * whatsapp-web.js can ask WhatsApp for the number behind it; with it the customer keeps one
 * address (their phone number, as on the Cloud API) and agents see a number they can call.
 * Answers are cached: the look-up is a round trip into the browser, and the mapping is stable.
 */
export class PrivacyIdResolver {
  private readonly known = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** The `<number>@c.us` id behind a `…@lid` id, or undefined when WhatsApp does not say. */
  async phoneFor(lid: string, client: ClientLike): Promise<string | undefined> {
    const cached = this.known.get(lid);
    if (cached || !client.getContactLidAndPhone) return cached;
    try {
      const [entry] = await client.getContactLidAndPhone([lid]);
      if (!entry?.pn) return undefined;
      this.known.set(lid, entry.pn);
      if (this.known.size > CACHE_SIZE) this.known.delete(this.known.keys().next().value!);
      return entry.pn;
    } catch (error) {
      this.logger.debug('whatsapp-web: could not resolve a privacy id', { error: errorText(error) });
      return undefined;
    }
  }
}
