import type { Button, ListRow, ListSection } from '../../domain/message';
import type { Locale } from '../../domain/locale';
import * as limits from './limits';
import { OutboundFormatError } from './outboundFormatError';
import { shortenWithEllipsis, splitTail } from '../../domain/textSplitting';

/**
 * Reply-button and list messages (`type: "interactive"`). Shapes follow Meta's
 * interactive-reply-buttons-messages and interactive-list-messages pages; limits are in
 * limits.ts. What this file changes on purpose, each covered by a test:
 * - titles, labels, headers and footers that are too long end in "…" at the limit;
 * - a body over 1024 characters is split: its last paragraph/sentences that fit stay in the
 *   interactive message, the text before goes out first as plain text (returned as `leadingText`);
 * - more than 3 buttons become a list (rows, up to 24-character titles);
 * - more than 10 rows become several list messages of up to 10 rows; the second and later
 *   ones carry a short "More options (2/2)" body in the customer's language;
 * - a list message that would have several sections, one of them untitled, gets its rows
 *   merged into one untitled section (Meta requires titles once there are two sections).
 * Ids are never shortened: the flow acts on them, so an id over Meta's limit is an error.
 */

export interface InteractivePart {
  /** Plain text to send before the interactive message (over-long bodies). */
  leadingText?: string;
  interactive: Record<string, unknown>;
}

export interface InteractiveHeaderFooter {
  header?: string;
  footer?: string;
  locale?: Locale;
}

const WORDING: Record<Locale, { openList: string; moreOptions: string }> = {
  en: { openList: 'Choose', moreOptions: 'More options' },
  bn: { openList: 'বেছে নিন', moreOptions: 'আরও বিকল্প' },
};

function checkedId(id: string, max: number, what: string): string {
  if (id.length === 0) throw new OutboundFormatError(`${what} id is empty`);
  if (id.length > max) throw new OutboundFormatError(`${what} id "${id.slice(0, 40)}…" is longer than ${max} characters`);
  return id;
}

/** Titles may be shortened, but not empty: Meta rejects a button or row without one. */
function checkedTitle(title: string, max: number, what: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw new OutboundFormatError(`${what} title is empty`);
  return shortenWithEllipsis(trimmed, max);
}

function splitBody(text: string): { leadingText?: string; body: string } {
  const { head, tail } = splitTail(text, limits.INTERACTIVE_BODY_MAX);
  if (tail.length === 0) throw new OutboundFormatError('interactive message body is empty');
  return head.length > 0 ? { leadingText: head, body: tail } : { body: tail };
}

function decorations(options: InteractiveHeaderFooter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.header?.trim()) {
    out.header = { type: 'text', text: shortenWithEllipsis(options.header.trim(), limits.INTERACTIVE_HEADER_MAX) };
  }
  if (options.footer?.trim()) {
    out.footer = { text: shortenWithEllipsis(options.footer.trim(), limits.INTERACTIVE_FOOTER_MAX) };
  }
  return out;
}

/** Up to three reply buttons; more than three are sent as a list instead. */
export function replyButtonParts(text: string, buttons: Button[], options: InteractiveHeaderFooter): InteractivePart[] {
  if (buttons.length > limits.REPLY_BUTTONS_MAX) {
    const rows = buttons.map((button) => ({ id: button.id, title: button.title }));
    return listParts(text, WORDING[options.locale ?? 'en'].openList, [{ rows }], options);
  }
  const { leadingText, body } = splitBody(text);
  const { header, footer } = decorations(options);
  const interactive = {
    type: 'button',
    ...(header ? { header } : {}),
    body: { text: body },
    ...(footer ? { footer } : {}),
    action: {
      buttons: buttons.map((button) => ({
        type: 'reply',
        reply: {
          id: checkedId(button.id, limits.REPLY_BUTTON_ID_MAX, 'button'),
          title: checkedTitle(button.title, limits.REPLY_BUTTON_TITLE_MAX, 'button'),
        },
      })),
    },
  };
  return [{ leadingText, interactive }];
}

function formatRow(row: ListRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: checkedId(row.id, limits.LIST_ROW_ID_MAX, 'list row'),
    title: checkedTitle(row.title, limits.LIST_ROW_TITLE_MAX, 'list row'),
  };
  if (row.description?.trim()) {
    out.description = shortenWithEllipsis(row.description.trim(), limits.LIST_ROW_DESCRIPTION_MAX);
  }
  return out;
}

/** Cuts the sections into pages of at most LIST_ROWS_MAX rows; rows stay under their section. */
function paginate(sections: ListSection[]): ListSection[][] {
  const pages: ListSection[][] = [];
  let page: ListSection[] = [];
  let rowsOnPage = 0;
  for (const section of sections) {
    let pageSection: ListSection | undefined;
    for (const row of section.rows) {
      if (rowsOnPage === limits.LIST_ROWS_MAX) {
        pages.push(page);
        page = [];
        rowsOnPage = 0;
        pageSection = undefined;
      }
      if (!pageSection) {
        pageSection = { title: section.title, rows: [] };
        page.push(pageSection);
      }
      pageSection.rows.push(row);
      rowsOnPage++;
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function formatSections(page: ListSection[]): Record<string, unknown>[] {
  const needsMerge = page.length > 1 && page.some((section) => !section.title?.trim());
  const sections = needsMerge ? [{ rows: page.flatMap((section) => section.rows) }] : page;
  return sections.map((section) => {
    const out: Record<string, unknown> = { rows: section.rows.map(formatRow) };
    if (section.title?.trim()) out.title = shortenWithEllipsis(section.title.trim(), limits.LIST_SECTION_TITLE_MAX);
    return out;
  });
}

export function listParts(
  text: string,
  buttonLabel: string,
  sections: ListSection[],
  options: InteractiveHeaderFooter,
): InteractivePart[] {
  const wording = WORDING[options.locale ?? 'en'];
  const nonEmpty = sections.filter((section) => section.rows.length > 0);
  if (nonEmpty.length === 0) throw new OutboundFormatError('list message has no rows');
  const label = shortenWithEllipsis(buttonLabel.trim() || wording.openList, limits.LIST_BUTTON_LABEL_MAX);
  const pages = paginate(nonEmpty);
  const { leadingText, body } = splitBody(text);
  const { header, footer } = decorations(options);

  return pages.map((page, index) => {
    const first = index === 0;
    const interactive: Record<string, unknown> = {
      type: 'list',
      ...(first && header ? { header } : {}),
      body: { text: first ? body : `${wording.moreOptions} (${index + 1}/${pages.length})` },
      ...(footer ? { footer } : {}),
      action: { button: label, sections: formatSections(page) },
    };
    return first ? { leadingText, interactive } : { interactive };
  });
}

/**
 * WhatsApp's "share contact info" button (`request_contact_info`): the customer taps it and
 * their contact card comes back as a `contacts` message with `origin: "contact_request"`. The
 * button's label is WhatsApp's own, in the customer's language; only the body is ours.
 */
export function contactRequestPart(text: string): InteractivePart {
  const { leadingText, body } = splitBody(text);
  const interactive = { type: 'request_contact_info', body: { text: body }, action: { name: 'request_contact_info' } };
  return leadingText ? { leadingText, interactive } : { interactive };
}
