/**
 * Chatter a shop's flows do not answer, for tests of the calibrated "I don't know". Written for
 * the tests; not the shipped set (flows/nlu/out_of_scope.yaml) and not an evaluation set.
 */
export const OUT_OF_SCOPE_MESSAGES: string[] = [
  'what a lovely morning', 'the match was boring yesterday', 'my cousin lives in canada', 'tell me something funny',
  'what is your favourite food', 'i like mangoes', 'can you dance', 'how tall is the tallest building', 'who invented the radio',
  'my laptop fan is loud', 'the tram was late today', 'our neighbour got a new car', 'i lost my umbrella', 'what rhymes with orange',
  'recommend a good book', 'how do plants grow', 'is the moon bigger than the earth', 'the traffic is terrible', 'my phone battery died',
  'do you like music', 'good luck with your exams', 'the tea is too sweet', 'a cat just walked in', 'how many continents are there',
  'আজ আকাশ মেঘলা', 'কাল খেলা দেখেছি', 'আমার কাজিন কানাডায় থাকে', 'একটা মজার কথা বলো', 'তোমার প্রিয় খাবার কি', 'আমি আম পছন্দ করি',
  'তুমি কি নাচতে পারো', 'রেডিও কে আবিষ্কার করেছে', 'রাস্তায় খুব জ্যাম', 'আমার ছাতা হারিয়ে গেছে', 'একটা ভালো বই বলো', 'চা খুব মিষ্টি হয়েছে',
  'aj akash meghla', 'kal khela dekhsi', 'amar cousin canada te thake', 'ekta mojar kotha bolo', 'tomar priyo khabar ki', 'ami aam posondo kori',
  'tumi ki nachte paro', 'radio ke abishkar korse', 'raste khub jam', 'amar chata hariye gese', 'ekta valo boi bolo', 'cha khub mishti hoise',
  'ajke onek bristi', 'amar biral ghumacche', 'kal cinema dekhte jabo', 'tumi ki gaan gaite paro',
];
