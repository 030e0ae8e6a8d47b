import type { ChannelAdapter } from '../port';
import { WhatsAppWebChannel } from './whatsappWebChannel';

/** WHATSAPP_MODE=web: the browser session of a phone linked by QR code. */
export interface WhatsAppWebSettings {
  /** WHATSAPP_WEB_CHROMIUM, /usr/bin/chromium on Debian. */
  chromiumPath: string;
  /** DATA_DIR/whatsapp-web: the linked session (LocalAuth) lives here. */
  sessionDir: string;
  /** OUTBOUND_HTTP_HOSTS: hosts whose attachment links may be plain http:. */
  attachmentHttpHosts: string[];
  /** WHATSAPP_MEDIA_MAX_BYTES: largest file fetched from a customer's message. */
  mediaMaxBytes?: number;
}

/** WhatsApp through a linked phone (whatsapp-web.js driving Chromium); one process only. */
export const whatsappWebAdapter: ChannelAdapter<WhatsAppWebSettings> = {
  name: 'whatsapp-web',
  create: (settings, services) =>
    new WhatsAppWebChannel({
      queue: services.queue, logger: services.logger, sessionDir: settings.sessionDir, chromiumPath: settings.chromiumPath,
      transport: services.transport, attachmentHttpHosts: settings.attachmentHttpHosts, mediaMaxBytes: settings.mediaMaxBytes,
    }),
};
