import { foldForCompare } from '../domain/text';

/** Commands that work from anywhere in a conversation, whatever flow is running. */
export type GlobalCommand = 'menu' | 'human' | 'restart' | 'stop';

// Whole-message matches only: "stop" ends the chat, "stop sending me ads about delivery" is a question.
const WORDS: Record<GlobalCommand, string[]> = {
  menu: ['menu', 'main menu', 'options', 'মেনু', 'মূল মেনু', 'menu dekhao', 'menu den'],
  human: [
    'human', 'agent', 'person', 'a person', 'real person', 'talk to a person', 'talk to a human', 'talk to agent',
    'live agent', 'representative', 'operator', 'customer care', 'customer service',
    'মানুষ', 'এজেন্ট', 'প্রতিনিধি', 'মানুষের সাথে কথা', 'মানুষের সাথে কথা বলতে চাই', 'কাস্টমার কেয়ার',
    'manush', 'manusher sathe kotha', 'agent chai', 'manush chai',
  ],
  restart: ['restart', 'start over', 'reset', 'আবার শুরু', 'রিস্টার্ট', 'abar shuru'],
  stop: ['stop', 'unsubscribe', 'বন্ধ', 'থামো', 'থামুন', 'bondho'],
};

const LOOKUP = new Map<string, GlobalCommand>();
for (const [command, words] of Object.entries(WORDS) as [GlobalCommand, string[]][]) {
  for (const word of words) LOOKUP.set(foldForCompare(word), command);
}

export function matchGlobalCommand(text: string): GlobalCommand | null {
  return LOOKUP.get(foldForCompare(text)) ?? null;
}
