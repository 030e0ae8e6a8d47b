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
  createdAt: number;
  lastSeenAt: number;
}
