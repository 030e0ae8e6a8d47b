import type { OutboundEntry } from '../../domain/transcript';

/** An outbound message as the simulator API shows it (close to what a WhatsApp user sees). */
export interface SimulatorReply {
  id: string;
  type: string;
  text: string;
  buttons?: { id: string; title: string }[];
  button?: string;
  rows?: { id: string; title: string; description?: string }[];
  url?: string;
  caption?: string;
  sender: string;
  status: string;
  createdAt: string;
  /** Epoch ms, to pass back as `after` when polling. */
  at: number;
}

export function toSimulatorReply(entry: OutboundEntry): SimulatorReply {
  const base = { id: entry.id, sender: entry.sender, status: entry.status, createdAt: new Date(entry.createdAt).toISOString(), at: entry.createdAt };
  const c = entry.content;
  switch (c.type) {
    case 'text':
      return { ...base, type: 'text', text: c.text };
    case 'buttons':
      return { ...base, type: 'text', text: c.text, buttons: c.buttons };
    case 'list':
      return { ...base, type: 'list', text: c.text, button: c.buttonLabel, rows: c.sections.flatMap((s) => s.rows) };
    case 'media':
      return { ...base, type: c.media.kind, text: c.media.caption ?? '', url: c.media.url, caption: c.media.caption };
    case 'template':
      return { ...base, type: 'template', text: `[${c.name}] ${c.parameters.join(' ')}`.trim() };
    case 'contact_request':
      // Answered with `sharePhone` (WhatsApp's share button) or by typing the number.
      return { ...base, type: 'contact_request', text: c.text };
  }
}
