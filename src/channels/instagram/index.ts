/** Instagram direct messages channel: the account's webhook (inbound) and the Send API (outbound). */
export { instagramAdapter, INSTAGRAM, type InstagramSettings } from './adapter';
