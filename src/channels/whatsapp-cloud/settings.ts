import type { ReengagementTemplate } from './whatsappCloudChannel';

/**
 * WHATSAPP_REENGAGEMENT_TEMPLATE is written `name:language`, e.g. `order_followup:bn`.
 * Template names are lowercase letters, digits and underscores (Meta's naming rule);
 * language codes look like `en`, `bn` or `en_US`. Empty means "no template configured".
 */
export function parseReengagementTemplate(value: string | undefined): ReengagementTemplate | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const match = /^([a-z0-9_]+):([A-Za-z]{2,3}(?:_[A-Za-z]{2,4})?)$/.exec(trimmed);
  if (!match) {
    throw new Error(`WHATSAPP_REENGAGEMENT_TEMPLATE must look like name:language (e.g. order_followup:bn), got "${trimmed}"`);
  }
  return { name: match[1], language: match[2] };
}
