import type { Channel, SendResult } from '../port';
import type { OutboundMessage } from '../../domain/message';

/**
 * The channel of the web chat and `npm run chat`. Nothing leaves the process: what was sent
 * is read back from the transcript, which every process shares through the Store.
 */
export class SimulatorChannel implements Channel {
  readonly name = 'simulator' as const;

  async send(message: OutboundMessage): Promise<SendResult> {
    return { channelMessageId: `sim-out-${message.id}` };
  }
}
