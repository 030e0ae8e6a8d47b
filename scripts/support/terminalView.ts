import type { OutboundContent } from '../../src/domain/message';

export function buttonsOfContent(content: OutboundContent): { id: string; title: string }[] {
  if (content.type === 'buttons') return content.buttons;
  if (content.type === 'list') return content.sections.flatMap((s) => s.rows);
  return [];
}

/** A reply as terminal lines; buttons and rows numbered so they can be pressed by number. */
export function renderForTerminal(content: OutboundContent): string {
  const indent = (s: string) => s.split('\n').map((l) => `bot> ${l}`).join('\n');
  switch (content.type) {
    case 'text':
      return indent(content.text);
    case 'buttons':
    case 'list':
      return [indent(content.text), ...buttonsOfContent(content).map((b, i) => `      [${i + 1}] ${b.title}`)].join('\n');
    case 'media':
      return indent(`(${content.media.kind}) ${content.media.url ?? content.media.mediaId ?? ''}${content.media.caption ? `\n${content.media.caption}` : ''}`);
    case 'template':
      return indent(`(template ${content.name}) ${content.parameters.join(' ')}`);
    case 'contact_request':
      return indent(`${content.text}\n(type your phone number)`);
  }
}
