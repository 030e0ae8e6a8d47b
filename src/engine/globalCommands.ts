import { foldForCompare } from '../domain/text';

/** Commands that work from anywhere in a conversation, whatever flow is running. */
export type GlobalCommand = 'menu' | 'human' | 'restart' | 'stop' | 'erase';

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
  // A request to delete one's data: an admin confirms it with the customer (docs/PRIVACY.md).
  erase: [
    'delete my data', 'erase my data', 'remove my data', 'delete all my data', 'please delete my data', 'delete my information',
    'delete my info', 'delete my personal data', 'delete my account', 'forget me', 'forget my data',
    'আমার তথ্য মুছে দিন', 'আমার তথ্য মুছুন', 'আমার তথ্য মুছে ফেলুন', 'আমার সব তথ্য মুছে দিন', 'আমার ডেটা মুছে দিন',
    'আমার ডাটা মুছে দিন', 'আমার ডাটা ডিলিট করুন', 'আমার তথ্য ডিলিট করুন', 'তথ্য মুছে দিন',
    'amar tottho muche din', 'amar totthyo muche din', 'amar tothyo muche din', 'amar totho muche din', 'amar tottho muchun',
    'amar data muche din', 'amar data delete koren', 'amar data delete korun', 'amar data delete kore din', 'amar info delete koren',
    'amar sob data delete koren', 'amar sob tottho muche din', 'data delete koren', 'tottho muche din',
  ],
};

const LOOKUP = new Map<string, GlobalCommand>();
for (const [command, words] of Object.entries(WORDS) as [GlobalCommand, string[]][]) {
  for (const word of words) LOOKUP.set(foldForCompare(word), command);
}

export function matchGlobalCommand(text: string): GlobalCommand | null {
  return LOOKUP.get(foldForCompare(text)) ?? null;
}
