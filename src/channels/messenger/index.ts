/** Facebook Messenger channel: a Page's webhook (inbound) and the Send API (outbound). */
export { messengerAdapter, MESSENGER, type MessengerSettings } from './adapter';
