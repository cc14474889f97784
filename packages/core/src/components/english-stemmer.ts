/**
 * Past forms of common irregular English verbs → base form ("began" → "begin", "built" →
 * "build"). Forms that are also frequent nouns or other words ("left", "saw", "rose", "felt",
 * "lay", "bound", "wound", "led", "fed", "lit") are left out on purpose.
 */
const IRREGULAR_VERBS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    arose: 'arise',
    arisen: 'arise',
    awoke: 'awake',
    began: 'begin',
    begun: 'begin',
    bent: 'bend',
    bit: 'bite',
    bitten: 'bite',
    blew: 'blow',
    blown: 'blow',
    broke: 'break',
    broken: 'break',
    brought: 'bring',
    built: 'build',
    burnt: 'burn',
    bought: 'buy',
    caught: 'catch',
    chose: 'choose',
    chosen: 'choose',
    came: 'come',
    dealt: 'deal',
    dug: 'dig',
    drew: 'draw',
    drawn: 'draw',
    drank: 'drink',
    drunk: 'drink',
    drove: 'drive',
    driven: 'drive',
    ate: 'eat',
    eaten: 'eat',
    fell: 'fall',
    fallen: 'fall',
    fought: 'fight',
    found: 'find',
    fled: 'flee',
    flew: 'fly',
    flown: 'fly',
    forbade: 'forbid',
    forbidden: 'forbid',
    forgot: 'forget',
    forgotten: 'forget',
    froze: 'freeze',
    frozen: 'freeze',
    got: 'get',
    gotten: 'get',
    gave: 'give',
    given: 'give',
    went: 'go',
    gone: 'go',
    grew: 'grow',
    grown: 'grow',
    heard: 'hear',
    hid: 'hide',
    hidden: 'hide',
    held: 'hold',
    kept: 'keep',
    knew: 'know',
    known: 'know',
    lost: 'lose',
    made: 'make',
    meant: 'mean',
    paid: 'pay',
    ran: 'run',
    rang: 'ring',
    rung: 'ring',
    risen: 'rise',
    rode: 'ride',
    ridden: 'ride',
    said: 'say',
    seen: 'see',
    sought: 'seek',
    sold: 'sell',
    sent: 'send',
    shook: 'shake',
    shaken: 'shake',
    shone: 'shine',
    sang: 'sing',
    sung: 'sing',
    sank: 'sink',
    sunk: 'sink',
    slept: 'sleep',
    spent: 'spend',
    spoken: 'speak',
    stood: 'stand',
    stole: 'steal',
    stolen: 'steal',
    struck: 'strike',
    swam: 'swim',
    swum: 'swim',
    took: 'take',
    taken: 'take',
    taught: 'teach',
    thought: 'think',
    threw: 'throw',
    thrown: 'throw',
    told: 'tell',
    understood: 'understand',
    woke: 'wake',
    woken: 'wake',
    wore: 'wear',
    worn: 'wear',
    won: 'win',
    wrote: 'write',
    written: 'write',
  }),
);

const VOWEL = /[aeiouy]/;
/** Doubled final consonants undone after a suffix is cut ("stopped" → "stop"); not l, s, z ("falling"). */
const DOUBLED = /([bcdfghjkmnpqrtvwx])\1$/;

/**
 * A light English stemmer for matching words of a question with words of a sentence. Applied
 * identically to both sides, it only has to map related forms to the same key, not produce a
 * real word:
 * 1. irregular past forms → base form ("began" → "begin", "built" → "build");
 * 2. plurals / 3rd person: `-ies` → `-y`; `-sses`, `-xes`, `-ches`, `-shes`, `-zes` drop `es`;
 *    `-s` dropped except after `s`, `u`, `i` ("virus", "analysis");
 * 3. `-ing` and `-ed` cut when at least 3 letters with a vowel remain (`-eed` words such as
 *    "speed" kept), then a doubled final consonant is undone;
 * 4. superlative `-est` cut when at least 4 letters remain ("fastest" → "fast", not "forest");
 * 5. a final `-e` dropped from words longer than 3 letters, so "make", "making" and "made" meet.
 *
 * `-er` is not cut: it ends too many nouns ("water", "river", "number").
 * Input must already be lower-cased.
 */
export function stemEnglish(word: string): string {
  const irregular = IRREGULAR_VERBS.get(word);
  let w = irregular ?? word;
  if (irregular === undefined) {
    if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else if (w.endsWith('sses') || (w.length > 4 && /(?:x|ch|sh|z)es$/.test(w))) w = w.slice(0, -2);
    else if (w.length > 3 && w.endsWith('s') && !/[sui]s$/.test(w)) w = w.slice(0, -1);
    w = cutSuffix(w);
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function cutSuffix(w: string): string {
  let stem: string | undefined;
  if (w.endsWith('ing')) stem = w.slice(0, -3);
  else if (w.endsWith('ed') && !w.endsWith('eed')) stem = w.slice(0, -2);
  if (stem !== undefined) {
    if (stem.length < 3 || !VOWEL.test(stem)) return w;
    return DOUBLED.test(stem) ? stem.slice(0, -1) : stem;
  }
  if (w.endsWith('est')) {
    stem = w.slice(0, -3);
    if (stem.length >= 4 && VOWEL.test(stem)) return DOUBLED.test(stem) ? stem.slice(0, -1) : stem;
  }
  return w;
}
