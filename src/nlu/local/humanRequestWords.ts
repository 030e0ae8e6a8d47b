/**
 * The words humanRequest.ts reads, by role, in English, Bengali and Banglish. Matched by
 * phonetic key, so spelling variants of one word ("manush", "manus") need not all be listed;
 * suffixes ("ম্যানেজারকে", "manusher") are stripped; long words forgive one slip ("agnet") or
 * wrong vowels ("custamer").
 */
export type WordRole =
  | 'staff' // people of the shop: asking for one is asking for a person
  | 'someone' // a person, but not necessarily of the shop: needs a way to reach them
  | 'reach' // talk, speak, contact, connect
  | 'call' // a phone call; matched as spelt (LITERAL_ROLES)
  | 'me' // the customer as the one to be called
  | 'my' // "call my number", "amar GP number e call din": the number is the customer's
  | 'number' // a phone number
  | 'request' // please, want, give, chai, din, lagbe
  | 'filler' // words a short request is wrapped in
  | 'ours' // the shop as the one whose people are wanted: "your agent", "apnader manager"
  | 'rider' // the delivery man is a person, but asking about him is about the delivery
  | 'condition' // "call me when it is back in stock" asks about stock
  | 'identity' // "are you a human?" asks what the bot is, not for a person
  | 'bot' // the bot itself: refusing it is asking for a person
  | 'self' // "I am", "আমি": "I am a human, not a robot" tells who the customer is
  | 'missedCall' // a call the customer got or gave, not one asked for: "who is this? I had a missed call"
  | 'negation' // follows what it negates (Bengali)
  | 'negationBefore'; // precedes what it negates (English)

/**
 * Roles whose words are matched only as spelt (or with a suffix), not by sound: "call" sounds like
 * কাল (yesterday) and কালো (black), so "amake kalo ta din" would ask for a phone call.
 */
export const LITERAL_ROLES: ReadonlySet<WordRole> = new Set(['call']);

export const HUMAN_LEXICON: Readonly<Record<WordRole, readonly string[]>> = {
  staff: [
    'agent', 'agents', 'live agent', 'representative', 'rep', 'operator', 'human', 'humans', 'human being', 'real person',
    'real human', 'live person', 'live chat', 'manager', 'supervisor', 'staff', 'customer care',
    'customer service', 'customer support', 'customer executive',
    'call center', 'call centre', 'helpdesk', 'help desk', 'owner',
    'মানুষ', 'প্রতিনিধি', 'এজেন্ট', 'ম্যানেজার', 'কাস্টমার কেয়ার', 'কাস্টমার কেয়ার', 'কাস্টমার সার্ভিস', 'কাস্টমার সাপোর্ট',
    'স্টাফ', 'অপারেটর', 'কর্মকর্তা', 'মালিক', 'কল সেন্টার', 'হেল্পলাইন', 'সাপোর্ট টিম', 'আসল মানুষ',
    // English words customers write in Bengali letters
    'রিপ্রেজেন্টেটিভ', 'হিউম্যান', 'সুপারভাইজার', 'লাইভ এজেন্ট', 'কাস্টমার সাপোর্ট টিম',
    'manush', 'manus', 'protinidhi', 'protinidi', 'malik', 'support team',
  ],
  someone: [
    'someone', 'somebody', 'anyone', 'anybody', 'person', 'support', 'team', 'কেউ', 'কারো', 'কারও', 'কাউকে', 'লোক', 'সাপোর্ট',
    'keu', 'kew', 'karo', 'kauke', 'lok',
  ],
  reach: [
    'talk', 'speak', 'chat with', 'contact', 'connect', 'transfer', 'forward', 'put me through', 'reach',
    'কথা বলতে', 'কথা বলবো', 'কথা বলব', 'কথা বলা', 'কথা বলার', 'কথা বলিয়ে', 'কথা বলান', 'কথা বলুন', 'কথা কইতে',
    'যোগাযোগ', 'কানেক্ট', 'ধরিয়ে', 'ট্রান্সফার',
    'kotha bolte', 'kotha bolbo', 'kotha bolar', 'kotha bola', 'kotha boliye', 'kotha bolaben', 'kotha bolben', 'kotha koite',
    'jogajog', 'dhoriye', 'dhorie',
  ],
  call: ['call', 'cal', 'phone', 'ring', 'callback', 'call back', 'কল', 'ফোন', 'fon', 'fone', 'phn', 'kol'],
  me: ['me', 'back', 'আমাকে', 'আমায়', 'আমার সাথে', 'amake', 'amay', 'amar sathe'],
  my: ['my', 'আমার', 'amar', 'amr'],
  number: ['number', 'নম্বর', 'নাম্বার', 'nambar', 'nombor', 'numbar'],
  request: [
    'please', 'pls', 'plz', 'plzz', 'want', 'need', 'give', 'get', 'let', 'can i', 'could i', 'may i', 'asap', 'urgent',
    'দিন', 'দেন', 'দাও', 'দিবেন', 'দেবেন', 'চাই', 'লাগবে', 'দরকার', 'প্লিজ', 'করুন', 'করেন', 'করবেন', 'দিতে',
    'din', 'den', 'dao', 'diben', 'deben', 'chai', 'lagbe', 'dorkar', 'plij', 'korun', 'koren', 'korben', 'dite',
  ],
  filler: [
    'to', 'with', 'a', 'an', 'the', 'you', 'from', 'now', 'right now', 'here', 'there', 'available', 'online',
    'real', 'live', 'one', 'sir', 'madam', 'hello', 'hi', 'just', 'directly', 'only',
    'সাথে', 'সঙ্গে', 'একজন', 'একটু', 'আছে', 'আছেন', 'এখন', 'কোনো', 'ভাই', 'আপু', 'যাবে', 'যায়', 'হবে', 'কি', 'সরাসরি',
    'sathe', 'shathe', 'songe', 'ekjon', 'ektu', 'ache', 'achen', 'ekhon', 'kono', 'vai', 'bhai', 'apu', 'jabe', 'jay',
    'hobe', 'ki', 'sorasori',
  ],
  ours: ['your', 'yours', 'shop', 'আপনাদের', 'আপনার', 'তোমাদের', 'দোকান', 'apnader', 'apnar', 'tomader', 'dokan'],
  rider: [
    'delivery man', 'delivery boy', 'delivery guy', 'delivery person', 'rider', 'courier', 'courier man', 'postman',
    'ডেলিভারি ম্যান', 'ডেলিভারি বয়', 'রাইডার', 'কুরিয়ার', 'ডেলিভারিম্যান', 'deliveryman', 'raider',
  ],
  condition: ['when', 'if', 'after', 'before', 'once', 'যখন', 'যদি', 'পরে', 'আগে', 'jokhon', 'jodi', 'pore'],
  identity: ['are you', 'r u', 'are u', 'is this', 'is it', 'apni ki', 'tumi ki', 'eta ki', 'আপনি কি', 'তুমি কি', 'এটা কি', 'apni manush', 'tumi manush'],
  bot: ['bot', 'robot', 'chatbot', 'machine', 'auto reply', 'বট', 'রোবট', 'রোবোট', 'মেশিন', 'অটো রিপ্লাই', 'চ্যাটবট'],
  self: ['i am', 'im', 'i m', 'আমি', 'ami'],
  missedCall: ['missed call', 'miss call', 'missed calls', 'মিস কল', 'মিসড কল', 'মিসকল', 'miss kol', 'misscall'],
  negation: ['না', 'নাই', 'নেই', 'নয়', 'na', 'nai', 'nei', 'noy', 'nah'],
  negationBefore: ['not', 'dont', 'do not', 'doesnt', 'didnt', 'never', 'no need', 'without', 'stop'],
};
