/**
 * The words around a number that tell a secret (a one-time code, a mobile-banking PIN, a
 * password) from the numbers a shop needs (order and tracking numbers, phone numbers, prices,
 * dates). English, Bengali and Banglish, compared after `foldForCompare` (lower case, one
 * spelling of each Bengali letter): secrets.ts folds these lists the same way.
 */

/** A number right after (or before) one of these is a one-time code. */
export const CODE_WORDS = [
  'otp', 'code', 'codes', 'verification', 'verify', 'passcode', 'ওটিপি', 'কোড', 'ভেরিফিকেশন',
];

/** ... and after one of these, a PIN (bKash, Nagad, Rocket, a card's). */
export const PIN_WORDS = ['pin', 'mpin', 'pincode', 'পিন', 'পিনকোড'];

/** The three or four digits on the back of a card. */
export const CVV_WORDS = ['cvv', 'cvv2', 'cvc', 'cvc2', 'csc', 'সিভিভি'];

/** "security code", "card code": `code` after one of these is a card's security code. */
export const CARD_CODE_QUALIFIERS = ['security', 'card', 'কার্ডের', 'সিকিউরিটি'];

/** "order code", "tracking code", "promo code", "post code": the word before `code` says it is no secret. */
export const NOT_SECRET_QUALIFIERS = [
  'order', 'tracking', 'track', 'promo', 'coupon', 'voucher', 'discount', 'post', 'postal', 'zip', 'area', 'country',
  'product', 'item', 'referral', 'reference', 'qr', 'bar', 'invoice', 'booking', 'parcel', 'courier', 'style', 'color', 'colour',
  'অর্ডার', 'ট্র্যাকিং', 'ট্রাকিং', 'প্রোমো', 'পোস্ট', 'কুপন', 'পণ্যের', 'প্রোডাক্ট',
];

/** Numbers that name an order, a parcel, a payment or a phone: even a long one is no card. */
export const REFERENCE_WORDS = [
  ...NOT_SECRET_QUALIFIERS,
  'orders', 'consignment', 'ref', 'trx', 'trxid', 'txn', 'txnid', 'transaction', 'phone', 'mobile', 'call', 'contact',
  'whatsapp', 'অর্ডারের', 'ট্র্যাক', 'ইনভয়েস', 'পার্সেল', 'ফোন', 'মোবাইল',
];

/** Met before a secret word, these say the number is something the shop needs. */
export const NOT_SECRET_CONTEXT = [
  ...REFERENCE_WORDS,
  'price', 'tk', 'taka', 'bdt', 'amount', 'bill', 'total', 'paid', 'pay', 'cost', 'postcode', 'house', 'road', 'flat',
  'room', 'sku', 'date', 'year', 'size', 'qty', 'quantity', 'pcs', 'pieces', 'kg', 'gram', 'km', 'dam', 'daam',
  'টাকা', 'টাকার', 'দাম', 'বিল', 'মূল্য', 'বাসা', 'রোড', 'সাইজ', 'পিস', 'কেজি',
];

/** Words that may stand between a secret word and its number without breaking the link. */
export const FILLERS = [
  'is', 'was', 'my', 'the', 'your', 'this', 'that', 'it', 'its', 'here', 'a', 'an', 'of', 'for', 'me', 'i', 'got',
  'number', 'no', 'num', 'nambar', 'nombor', 'digit', 'amar', 'apnar', 'ami', 'holo', 'hocche', 'hoche', 'hoilo',
  'ta', 'ti', 'er', 'ei', 'eta', 'dilam', 'dicchi', 'dichi', 'diyechi', 'pathalam', 'pathacchi', 'send', 'sent',
  'new', 'sms', 'message', 'msg', 'login', 'confirm', 'confirmation', 'security', 'secret', 'one', 'time',
  'bkash', 'bikash', 'nagad', 'nogod', 'rocket', 'roket', 'upay', 'account', 'card', 'atm', 'banking',
  'আমার', 'আপনার', 'হলো', 'হল', 'হচ্ছে', 'টা', 'টি', 'এর', 'এই', 'নম্বর', 'নাম্বার', 'নং', 'দিলাম', 'দিচ্ছি',
  'পাঠালাম', 'বিকাশ', 'বিকাশের', 'নগদ', 'নগদের', 'রকেট', 'রকেটের', 'এসএমএস', 'মেসেজ', 'নতুন', 'কার্ড', 'কার্ডের',
];

/** The word that announces a password. */
export const PASSWORD_WORDS = ['password', 'passwd', 'pwd', 'পাসওয়ার্ড', 'পাসওয়াড', 'পাসোয়ার্ড', 'পাসওয়ার্ডটা', 'পাসওয়ার্ড'];

/** Between "password" and the password itself: "password is …", "password holo …", "পাসওয়ার্ড হলো …". */
export const PASSWORD_LINKS = ['is', 'holo', 'hocche', 'hoche', 'ta', 'হলো', 'হল', 'হচ্ছে', 'টা', 'amar', 'my', 'new', 'নতুন'];

/** What follows "my password is …" when the customer talks about it rather than types it. */
export const NOT_A_PASSWORD = [
  'not', 'wrong', 'incorrect', 'invalid', 'expired', 'forgot', 'forgotten', 'lost', 'blocked', 'locked', 'working',
  'changed', 'change', 'reset', 'correct', 'right', 'ok', 'okay', 'fine', 'same', 'too', 'very', 'also', 'still',
  'now', 'please', 'kindly', 'and', 'for', 'of', 'recovery', 'ki', 'kii', 'koto', 'bhul', 'vul', 'kaj', 'na', 'nai',
  'dorkar', 'lagbe', 'mone', 'vule', 'bhule', 'ভুল', 'কাজ', 'না', 'নেই', 'কী', 'কি', 'দরকার', 'লাগবে', 'মনে', 'ভুলে',
];
