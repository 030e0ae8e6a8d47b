import { whatsappLimits as L } from '../../../src/channels/whatsapp-cloud';

/** Fails the test if a Graph message body breaks any documented WhatsApp limit. */
export function expectWithinLimits(body: Record<string, any>): void {
  const at = (value: string | undefined, max: number, what: string) => {
    if (value !== undefined && value.length > max) throw new Error(`${what} is ${value.length} > ${max}: ${value.slice(0, 30)}…`);
  };
  if (body.type === 'text') {
    expect(body.text.body.length).toBeGreaterThan(0);
    at(body.text.body, L.TEXT_BODY_MAX, 'text.body');
  }
  for (const kind of ['image', 'video', 'document']) at(body[kind]?.caption, L.MEDIA_CAPTION_MAX, `${kind}.caption`);
  if (body.type === 'interactive') {
    const i = body.interactive;
    expect(i.body.text.length).toBeGreaterThan(0);
    at(i.body.text, L.INTERACTIVE_BODY_MAX, 'interactive.body');
    at(i.header?.text, L.INTERACTIVE_HEADER_MAX, 'header');
    at(i.footer?.text, L.INTERACTIVE_FOOTER_MAX, 'footer');
    if (i.type === 'button') {
      expect(i.action.buttons.length).toBeLessThanOrEqual(L.REPLY_BUTTONS_MAX);
      for (const b of i.action.buttons) {
        at(b.reply.title, L.REPLY_BUTTON_TITLE_MAX, 'button title');
        at(b.reply.id, L.REPLY_BUTTON_ID_MAX, 'button id');
      }
    }
    if (i.type === 'list') {
      at(i.action.button, L.LIST_BUTTON_LABEL_MAX, 'list button');
      expect(i.action.sections.length).toBeLessThanOrEqual(L.LIST_SECTIONS_MAX);
      if (i.action.sections.length > 1) for (const s of i.action.sections) expect(s.title).toBeTruthy();
      const rows = i.action.sections.flatMap((s: any) => s.rows);
      expect(rows.length).toBeLessThanOrEqual(L.LIST_ROWS_MAX);
      for (const s of i.action.sections) at(s.title, L.LIST_SECTION_TITLE_MAX, 'section title');
      for (const r of rows) {
        at(r.title, L.LIST_ROW_TITLE_MAX, 'row title');
        at(r.description, L.LIST_ROW_DESCRIPTION_MAX, 'row description');
        at(r.id, L.LIST_ROW_ID_MAX, 'row id');
      }
    }
  }
}
