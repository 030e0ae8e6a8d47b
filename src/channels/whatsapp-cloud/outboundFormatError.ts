import { ChannelSendError } from '../port';

/**
 * An outbound message that cannot be expressed within WhatsApp's rules (an empty body, a
 * button id longer than Meta accepts, media without id or link). Sending it again cannot
 * succeed, so it is a non-retryable ChannelSendError; the fix belongs in the flow or caller.
 */
export class OutboundFormatError extends ChannelSendError {
  constructor(reason: string) {
    super({ code: 'OUTBOUND_FORMAT', title: reason, retryable: false });
    this.name = 'OutboundFormatError';
  }
}
