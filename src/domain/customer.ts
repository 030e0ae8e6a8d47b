import type { ChannelName } from './message';
import type { Locale } from './locale';

export interface Customer {
  /** `${channel}:${address}` */
  id: string;
  channel: ChannelName;
  address: string;
  profileName?: string;
  locale?: Locale;
  tags: string[];
  /** The customer wrote "stop": no surveys or follow-ups until they write again. */
  optedOut: boolean;
  /**
   * What the customer chose in WhatsApp's settings about this shop's marketing messages (the
   * `user_preferences` webhook). `stopped`: marketing templates are not sent to them; service
   * replies inside the 24-hour window still are. No value: they never said (allowed).
   */
  marketing?: { status: 'stopped' | 'resumed'; at: number; detail?: string };
  createdAt: number;
  lastSeenAt: number;
}
