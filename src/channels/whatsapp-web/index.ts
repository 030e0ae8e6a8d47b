/** WhatsApp through a linked phone (whatsapp-web.js + Chromium): the Channel, its QR page, its mappers. */
export { whatsappWebAdapter, type WhatsAppWebSettings } from './adapter';
export { WhatsAppWebChannel } from './whatsappWebChannel';
export type { WhatsAppWebChannelOptions } from './whatsappWebChannel';
export type { ConnectionState, SetTimer, TimerPurpose } from './connection';
export { DEFAULT_STARTUP_TIMEOUT_MS } from './connection';
export { createWhatsAppWebQrRouter } from './qrPage';
export type { QrSource } from './qrPage';
export { mapInbound, ignoreReason } from './mapInbound';
export type { MapInboundContext, WebMessageLike } from './mapInbound';
export { toWebParts, WebOutboundFormatError } from './formatOutbound';
export type { WebOutboundPart } from './formatOutbound';
export { inboundJobId, inboundJobKey, DEFAULT_ADD_RETRY_DELAYS_MS } from './inboundRelay';
export { backoffDelay, DEFAULT_RECONNECT } from './backoff';
export type { BackoffOptions } from './backoff';
export { parseVCards } from './vcard';
export { addressOf, chatIdFor } from './addresses';
export { createLibraryClient, mediaFromUrlWithLibrary, CHROMIUM_ARGS } from './libraryClient';
export type { ChatLike, ClientLike, CreateClient, CreateClientOptions, DownloadableMessageLike, MediaFromUrl, SentMessageLike } from './libraryClient';
