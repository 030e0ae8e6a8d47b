import type { IntentExamples } from '../../../src/nlu/port';

/**
 * The intents a small Bangladeshi online shop typically has, with examples written the
 * way shop owners write them in their flow files: a few English, a few Bengali-script,
 * the occasional Banglish one.
 */
export const SHOP_INTENTS: IntentExamples[] = [
  {
    intent: 'order_status',
    examples: {
      en: ['where is my order', 'track my order', 'order status', 'when will my parcel arrive', 'I have not received my order yet'],
      bn: ['আমার অর্ডার কোথায়', 'অর্ডারের অবস্থা জানতে চাই', 'আমার পার্সেল কবে পাবো', 'অর্ডার ট্র্যাক করতে চাই'],
    },
  },
  {
    intent: 'delivery_charge',
    examples: {
      en: ['what is the delivery charge', 'delivery charge', 'how much is shipping', 'shipping cost inside dhaka'],
      bn: ['ডেলিভারি চার্জ কত', 'ডেলিভারি খরচ কত টাকা', 'ঢাকার বাইরে ডেলিভারি চার্জ কত'],
    },
  },
  {
    intent: 'delivery_areas',
    examples: {
      en: ['do you deliver outside dhaka', 'which areas do you deliver to', 'do you deliver to chittagong', 'home delivery available'],
      bn: ['ঢাকার বাইরে ডেলিভারি দেন', 'কোন কোন জেলায় ডেলিভারি দেন', 'সারা দেশে ডেলিভারি হয়'],
    },
  },
  {
    intent: 'delivery_time',
    examples: {
      en: ['how long does delivery take', 'how many days for delivery', 'when will I get the product'],
      bn: ['ডেলিভারি পেতে কত দিন লাগবে', 'কত দিনে পণ্য পাবো'],
    },
  },
  {
    intent: 'payment_methods',
    examples: {
      en: ['what are the payment methods', 'can I pay with bkash', 'do you accept nagad', 'is cash on delivery available', 'payment options'],
      bn: ['বিকাশে পেমেন্ট করা যাবে', 'নগদে টাকা দেওয়া যাবে', 'ক্যাশ অন ডেলিভারি আছে', 'কিভাবে পেমেন্ট করবো'],
    },
  },
  {
    intent: 'returns_refunds',
    examples: {
      en: ['what is your return policy', 'I want to return this product', 'how do I get a refund', 'can I exchange the item'],
      bn: ['পণ্য ফেরত দিতে চাই', 'টাকা ফেরত পাবো কিভাবে', 'রিটার্ন পলিসি কি', 'প্রোডাক্ট পরিবর্তন করা যাবে'],
    },
  },
  {
    intent: 'business_hours',
    examples: {
      en: ['what time do you open', 'opening hours', 'are you open on friday', 'when do you close'],
      bn: ['দোকান কখন খোলা থাকে', 'কয়টা পর্যন্ত খোলা', 'শুক্রবার দোকান খোলা'],
    },
  },
  {
    intent: 'shop_address',
    examples: {
      en: ['where is your shop', 'shop address', 'what is your location', 'can I visit your store'],
      bn: ['দোকানের ঠিকানা কি', 'আপনাদের দোকান কোথায়', 'শোরুম কোথায়'],
    },
  },
  {
    intent: 'talk_to_human',
    examples: {
      en: ['talk to a human', 'I want to speak to an agent', 'connect me to a real person', 'customer care'],
      bn: ['মানুষ', 'মানুষের সাথে কথা বলতে চাই', 'এজেন্টের সাথে কথা বলবো', 'কাস্টমার কেয়ার'],
    },
  },
  {
    intent: 'greeting',
    examples: {
      en: ['hi', 'hello', 'good morning', 'assalamualaikum'],
      bn: ['হাই', 'হ্যালো', 'আসসালামু আলাইকুম', 'সালাম'],
    },
  },
  {
    intent: 'thanks',
    examples: {
      en: ['thanks', 'thank you so much', 'thanks a lot'],
      bn: ['ধন্যবাদ', 'অনেক ধন্যবাদ'],
    },
  },
  {
    intent: 'product_price',
    examples: {
      en: ['what is the price', 'how much does this cost', 'price of this product', 'price please'],
      bn: ['দাম কত', 'এটার দাম কত', 'প্রোডাক্টের দাম কত টাকা'],
    },
  },
  {
    intent: 'menu',
    examples: { en: ['menu', 'main menu', 'show options'], bn: ['মেনু', 'মূল মেনু'] },
  },
];
