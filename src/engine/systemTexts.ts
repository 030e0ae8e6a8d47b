import type { Locale } from '../domain/locale';

/**
 * What the bot says on its own behalf, outside any flow. Flows carry the shop's own texts;
 * these are the product's, in every supported language.
 */
const TEXTS = {
  notUnderstood: {
    en: "Sorry, I didn't understand that. Here is what I can help with:",
    bn: 'দুঃখিত, আমি বুঝতে পারিনি। আমি যেসব বিষয়ে সাহায্য করতে পারি:',
  },
  offerHuman: {
    en: "I'm having trouble understanding. Would you like to talk to a person?",
    bn: 'আমি ঠিক বুঝতে পারছি না। আপনি কি একজন মানুষের সাথে কথা বলতে চান?',
  },
  menuIntro: {
    en: 'How can I help you? Choose a topic:',
    bn: 'কীভাবে সাহায্য করতে পারি? একটি বিষয় বেছে নিন:',
  },
  menuButton: { en: 'Topics', bn: 'বিষয়সমূহ' },
  talkToPerson: { en: 'Talk to a person', bn: 'মানুষের সাথে কথা' },
  mainMenu: { en: 'Main menu', bn: 'মূল মেনু' },
  handoffQueued: {
    en: "I'm connecting you to a person. You are number {{position}} in the queue. You don't need to repeat anything: they will see this chat.",
    bn: 'আপনাকে একজন প্রতিনিধির সাথে যুক্ত করছি। সারিতে আপনার অবস্থান {{position}}। কিছু আবার বলতে হবে না: তিনি এই চ্যাটটি দেখতে পাবেন।',
  },
  alreadyWaiting: {
    en: 'A person will answer you here soon. Your message has been added to the chat.',
    bn: 'একজন প্রতিনিধি শীঘ্রই এখানে উত্তর দেবেন। আপনার বার্তাটি চ্যাটে যোগ করা হয়েছে।',
  },
  restarted: { en: "Let's start over.", bn: 'চলুন আবার শুরু করি।' },
  stopped: {
    en: "OK, I've stopped. You won't get surveys or follow-ups from us. Write any time to start again.",
    bn: 'ঠিক আছে, থামলাম। আপনাকে আর কোনো জরিপ বা ফলো-আপ পাঠানো হবে না। আবার শুরু করতে যেকোনো সময় লিখুন।',
  },
  staleButton: {
    en: 'That option is no longer available. Here is what I can help with:',
    bn: 'এই অপশনটি আর নেই। আমি যেসব বিষয়ে সাহায্য করতে পারি:',
  },
  emptyMessage: {
    en: 'I got an empty message. Please type your question.',
    bn: 'একটি ফাঁকা বার্তা পেয়েছি। অনুগ্রহ করে আপনার প্রশ্নটি লিখুন।',
  },
  cannotUseMedia: {
    en: "I can't read {{kind}} messages yet. Please type your question, or talk to a person.",
    bn: 'আমি এখনও {{kind}} পড়তে পারি না। অনুগ্রহ করে প্রশ্নটি লিখে পাঠান, অথবা একজন মানুষের সাথে কথা বলুন।',
  },
  retryAsk: { en: "That doesn't look right.", bn: 'এটি সঠিক মনে হচ্ছে না।' },
  lookupFailed: {
    en: "Sorry, I can't check that right now.",
    bn: 'দুঃখিত, এই মুহূর্তে এটি যাচাই করতে পারছি না।',
  },
} satisfies Record<string, Record<Locale, string>>;

export type SystemTextKey = keyof typeof TEXTS;

const MEDIA_NAMES: Record<string, Record<Locale, string>> = {
  image: { en: 'photo', bn: 'ছবি' },
  audio: { en: 'audio', bn: 'অডিও' },
  voice: { en: 'voice', bn: 'ভয়েস মেসেজ' },
  video: { en: 'video', bn: 'ভিডিও' },
  document: { en: 'document', bn: 'ডকুমেন্ট' },
  sticker: { en: 'sticker', bn: 'স্টিকার' },
  location: { en: 'location', bn: 'লোকেশন' },
  contacts: { en: 'contact card', bn: 'কন্টাক্ট কার্ড' },
  unsupported: { en: 'this kind of', bn: 'এই ধরনের বার্তা' },
};

export function systemText(key: SystemTextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  return TEXTS[key][locale].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}

export function mediaName(kind: string, locale: Locale): string {
  return (MEDIA_NAMES[kind] ?? MEDIA_NAMES.unsupported)[locale];
}
