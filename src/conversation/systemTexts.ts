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
  didYouMean: { en: 'Did you mean one of these?', bn: 'আপনি কি এগুলোর কোনোটি জানতে চাইছেন?' },
  somethingElse: { en: 'Something else', bn: 'অন্য কিছু' },
  talkToPerson: { en: 'Talk to a person', bn: 'মানুষের সাথে কথা' },
  mainMenu: { en: 'Main menu', bn: 'মূল মেনু' },
  handoffQueued: {
    en: "I'm connecting you to a person. You are number {{position}} in the queue; someone will answer as soon as they are free. You don't need to repeat anything: they will see this chat.",
    bn: 'আপনাকে একজন প্রতিনিধির সাথে যুক্ত করছি। সারিতে আপনার অবস্থান {{position}}; কেউ ফ্রি হলেই উত্তর দেবেন। কিছু আবার বলতে হবে না: তিনি এই চ্যাটটি দেখতে পাবেন।',
  },
  handoffQueuedWithWait: {
    en: "I'm connecting you to a person. You are number {{position}} in the queue; the wait is about {{minutes}} min. You don't need to repeat anything: they will see this chat.",
    bn: 'আপনাকে একজন প্রতিনিধির সাথে যুক্ত করছি। সারিতে আপনার অবস্থান {{position}}; আনুমানিক অপেক্ষা {{minutes}} মিনিট। কিছু আবার বলতে হবে না: তিনি এই চ্যাটটি দেখতে পাবেন।',
  },
  handoffClosedHours: {
    en: 'Our team is not working right now. Your chat is kept and a person will reply {{when}}. You don\'t need to write again.',
    bn: 'আমাদের টিম এখন কাজ করছে না। আপনার চ্যাটটি রাখা আছে, একজন প্রতিনিধি {{when}} উত্তর দেবেন। আবার লিখতে হবে না।',
  },
  waitUpdate: {
    en: 'Thanks for waiting. You are number {{position}} in the queue; the wait is now about {{minutes}} min.',
    bn: 'অপেক্ষার জন্য ধন্যবাদ। সারিতে আপনার অবস্থান {{position}}; এখন আনুমানিক অপেক্ষা {{minutes}} মিনিট।',
  },
  agentJoined: {
    en: '{{name}} from our team has joined the chat.',
    bn: 'আমাদের টিমের {{name}} চ্যাটে যুক্ত হয়েছেন।',
  },
  handedBack: {
    en: "You're back with the assistant. Type menu to see what I can help with.",
    bn: 'আপনি আবার সহকারীর সাথে আছেন। কী কী সাহায্য করতে পারি দেখতে "মেনু" লিখুন।',
  },
  catalogOrderReceived: {
    en: 'Thank you for your order ({{count}} items)! A person from our team will confirm stock, the delivery charge and payment with you right here.',
    bn: 'আপনার অর্ডারের জন্য ধন্যবাদ ({{count}}টি পণ্য)! আমাদের টিমের একজন এখানেই স্টক, ডেলিভারি চার্জ আর পেমেন্ট নিশ্চিত করবেন।',
  },
  upsetHandoff: {
    en: "I'm sorry about this. I'm bringing in a person to help you.",
    bn: 'এর জন্য আমরা দুঃখিত। আপনাকে সাহায্য করতে একজন প্রতিনিধিকে যুক্ত করছি।',
  },
  csatQuestion: {
    en: 'How did we do? Please rate this chat from 1 (bad) to 5 (great).',
    bn: 'আমাদের সেবা কেমন ছিল? ১ (খারাপ) থেকে ৫ (চমৎকার) এর মধ্যে রেটিং দিন।',
  },
  csatButton: { en: 'Rate', bn: 'রেটিং দিন' },
  csatThanks: {
    en: 'Thank you for your rating! If you like, write a comment about this chat.',
    bn: 'রেটিং দেওয়ার জন্য ধন্যবাদ! চাইলে এই চ্যাট নিয়ে একটি মন্তব্য লিখুন।',
  },
  csatCommentThanks: { en: 'Thank you, your comment helps us improve.', bn: 'ধন্যবাদ, আপনার মন্তব্য আমাদের উন্নতিতে সাহায্য করবে।' },
  csatInvalid: { en: 'Please choose a number from 1 to 5.', bn: 'অনুগ্রহ করে ১ থেকে ৫ এর মধ্যে একটি সংখ্যা বেছে নিন।' },
  csatClosed: { en: 'Thank you! This survey has closed, but we are here if you need anything.', bn: 'ধন্যবাদ! এই জরিপটি শেষ হয়েছে, তবে দরকার হলে আমরা আছি।' },
  csatAlready: { en: 'Thank you, we already have your rating.', bn: 'ধন্যবাদ, আপনার রেটিং আমরা পেয়েছি।' },
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
  secretNotKept: {
    en: 'For your safety: we never need your PIN, password, card number or a one-time code, and we did not keep what you sent. Please never share them with anyone, not even with us.',
    bn: 'আপনার নিরাপত্তার জন্য: আমাদের কখনও আপনার পিন, পাসওয়ার্ড, কার্ড নম্বর বা ওটিপি কোড লাগে না, আর আপনি যা পাঠিয়েছেন তা আমরা রাখিনি। এগুলো কখনও কাউকে দেবেন না, আমাদেরও না।',
  },
  erasureRequested: {
    en: 'We have passed your request to delete your data to our team. An administrator will confirm it with you here before anything is deleted.',
    bn: 'আপনার তথ্য মুছে ফেলার অনুরোধটি আমাদের টিমের কাছে পাঠানো হয়েছে। কিছু মুছে ফেলার আগে একজন অ্যাডমিন এখানেই আপনার সাথে তা নিশ্চিত করবেন।',
  },
  retryAsk: { en: "That doesn't look right.", bn: 'এটি সঠিক মনে হচ্ছে না।' },
  phoneShared: {
    en: 'Thank you, we have your number now.',
    bn: 'ধন্যবাদ, আপনার নম্বরটি আমরা পেয়েছি।',
  },
  noPhoneInCard: {
    en: 'That contact card has no phone number. Please share your number again, or type it.',
    bn: 'এই কন্টাক্ট কার্ডে কোনো ফোন নম্বর নেই। অনুগ্রহ করে আবার নম্বরটি শেয়ার করুন, অথবা লিখে পাঠান।',
  },
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
