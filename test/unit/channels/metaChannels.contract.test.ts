import { instagramAdapter } from '../../../src/channels/instagram';
import { messengerAdapter } from '../../../src/channels/messenger';
import { whatsappCloudAdapter } from '../../../src/channels/whatsapp-cloud';
import { metaChannelContract } from '../../contracts/metaChannelContract';

const messagingDelivery = (object: string, account: string) => (id: string, from: string, text: string) => ({
  object,
  entry: [{ id: account, time: Date.now(), messaging: [{ sender: { id: from }, recipient: { id: account }, timestamp: Date.now(), message: { mid: id, text } }] }],
});

metaChannelContract('whatsapp-cloud', {
  adapter: whatsappCloudAdapter,
  settings: (apiUrl, secrets) => ({ ...secrets, phoneNumberId: '106540352242922', accessToken: 'EAAG-contract', apiUrl, apiVersion: 'v21.0', mediaMaxBytes: 1024 * 1024 }),
  webhookPath: '/webhook/whatsapp',
  textDelivery: (id, from, text) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Rahim' }, wa_id: from }],
      messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    } }] }],
  }),
  customer: '8801711000001',
  sendPath: '/v21.0/106540352242922/messages',
  sendAnswer: (id) => ({ messaging_product: 'whatsapp', messages: [{ id }] }),
  tokenAlert: { alert: 'whatsapp_access_token_rejected', setting: 'WHATSAPP_ACCESS_TOKEN' },
});

metaChannelContract('messenger', {
  adapter: messengerAdapter,
  settings: (apiUrl, secrets) => ({ ...secrets, accessToken: 'EAAG-page', apiUrl, apiVersion: 'v21.0', humanAgent: true }),
  webhookPath: '/webhook/messenger',
  textDelivery: messagingDelivery('page', '102938475610293'),
  customer: '6934571289045612',
  sendPath: '/v21.0/me/messages',
  sendAnswer: (id) => ({ recipient_id: '6934571289045612', message_id: id }),
  tokenAlert: { alert: 'messenger_access_token_rejected', setting: 'MESSENGER_PAGE_ACCESS_TOKEN' },
});

metaChannelContract('instagram', {
  adapter: instagramAdapter,
  settings: (apiUrl, secrets) => ({ ...secrets, accessToken: 'IGQ-account', apiUrl, apiVersion: 'v21.0', humanAgent: false }),
  webhookPath: '/webhook/instagram',
  textDelivery: messagingDelivery('instagram', '17841400000000001'),
  customer: '1234567890123456',
  sendPath: '/v21.0/me/messages',
  sendAnswer: (id) => ({ recipient_id: '1234567890123456', message_id: id }),
  tokenAlert: { alert: 'instagram_access_token_rejected', setting: 'INSTAGRAM_ACCESS_TOKEN' },
});
