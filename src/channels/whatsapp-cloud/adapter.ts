import type { ChannelAdapter } from '../port';
import { GraphApiClient } from './graphClient';
import { WhatsAppCloudChannel, type ReengagementTemplate } from './whatsappCloudChannel';

/** WHATSAPP_MODE=cloud: the settings of one WhatsApp Business number on Meta's Cloud API. */
export interface WhatsAppCloudSettings {
  verifyToken: string;
  appSecret: string;
  phoneNumberId: string;
  accessToken: string;
  apiUrl: string;
  apiVersion: string;
  reengagementTemplate?: ReengagementTemplate;
  mediaMaxBytes: number;
  /** Largest webhook body read (WHATSAPP_WEBHOOK_MAX_BYTES); larger ones are refused with 413. */
  webhookMaxBytes: number;
}

/** The Cloud API channel: the webhook for what customers send, the Graph API for what we send. */
export const whatsappCloudAdapter: ChannelAdapter<WhatsAppCloudSettings> = {
  name: 'whatsapp-cloud',
  create(settings, services) {
    const client = new GraphApiClient({
      baseUrl: settings.apiUrl,
      apiVersion: settings.apiVersion,
      phoneNumberId: settings.phoneNumberId,
      accessToken: settings.accessToken,
      logger: services.logger,
      transport: services.transport,
    });
    return new WhatsAppCloudChannel({
      client,
      reengagementTemplate: settings.reengagementTemplate,
      logger: services.logger,
      mediaMaxBytes: settings.mediaMaxBytes,
      webhook: { verifyToken: settings.verifyToken, appSecret: settings.appSecret, queue: services.queue, logger: services.logger, isAccepting: services.isAccepting, maxBodyBytes: settings.webhookMaxBytes },
    });
  },
};
