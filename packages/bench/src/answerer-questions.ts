/**
 * Questions over the quickstart corpus (examples/data/corpus.json) for the extractive answerer:
 * answerable ones with a phrase the answer must quote, and unanswerable ones, many of them
 * near-misses that share words with the corpus ("capital of Japan" next to "capital of
 * Germany"). Used by `npm run bench:answerer` and test/answerer-questions.test.ts.
 *
 * Written before the answerer's abstention rule was tuned, and kept as written: replace them
 * together with the corpus.
 */

/** A question the corpus answers: the reply must contain `expect` (case-insensitive). */
export interface AnswerableQuestion {
  question: string;
  expect: string;
}

export const ANSWERABLE_QUESTIONS: readonly AnswerableQuestion[] = [
  { question: 'What is the capital of France?', expect: 'Paris is the capital' },
  { question: 'Who discovered penicillin?', expect: 'Alexander Fleming' },
  { question: 'What is the capital of Germany?', expect: 'Berlin is the capital' },
  { question: 'What is the capital of Spain?', expect: 'Madrid is the capital' },
  { question: 'Which river does Paris sit on?', expect: 'Seine' },
  { question: 'When was Rome founded?', expect: '753 BC' },
  { question: 'When was the Eiffel Tower built?', expect: '1889' },
  { question: 'When did the French Revolution begin?', expect: '1789' },
  { question: 'When did the Berlin Wall fall?', expect: '1989' },
  { question: 'What do plants use for photosynthesis?', expect: 'sunlight, water and carbon dioxide' },
  { question: 'What do mitochondria produce?', expect: 'chemical energy' },
  { question: 'What does DNA carry?', expect: 'genetic instructions' },
  { question: 'How do vaccines work?', expect: 'train the immune system' },
  { question: 'At what temperature does water boil at sea level?', expect: '100 degrees Celsius' },
  { question: 'How fast does light travel?', expect: '300,000 kilometres per second' },
  { question: 'Why is Mars called the red planet?', expect: 'iron oxide' },
  { question: 'What is the largest planet in the solar system?', expect: 'Jupiter' },
  { question: 'What does the pgvector extension add to PostgreSQL?', expect: 'vector type' },
  { question: 'What does an HNSW index build over vectors?', expect: 'graph' },
  { question: 'How does reciprocal rank fusion combine ranked lists?', expect: 'one over the rank' },
  { question: 'How many players are on a football team?', expect: 'eleven players' },
  { question: 'Where did the Olympic Games begin?', expect: 'ancient Greece' },
  { question: 'When were the Olympic Games revived?', expect: '1896' },
  { question: 'Which country is the largest coffee producer?', expect: 'Brazil' },
  { question: 'What makes bread dough rise?', expect: 'yeast produces gas' },
  { question: 'What causes the ocean tides?', expect: 'gravity' },
  { question: 'How long does it take the Moon to orbit the Earth?', expect: '27 days' },
  { question: 'What was the tallest structure in the world for forty years?', expect: 'Eiffel Tower' },
  { question: 'In what year was penicillin discovered?', expect: '1928' },
  { question: 'What is Madrid home to?', expect: 'Prado' },
];

/** Questions the corpus does not answer: the answerer must abstain. */
export const UNANSWERABLE_QUESTIONS: readonly string[] = [
  'What is the capital of Japan?',
  'What is the capital of Australia?',
  'What is the capital of Brazil?',
  'What is the capital of Portugal?',
  'Who discovered insulin?',
  'Who discovered DNA?',
  'Who invented the telephone?',
  'Who founded Berlin?',
  'When was the Great Wall of China built?',
  'When did the Roman Empire fall?',
  'How tall is Mount Everest?',
  'Who painted the Mona Lisa?',
  'Where is the Louvre museum?',
  'What is the boiling point of milk?',
  'How fast does sound travel?',
  'What is the speed of sound?',
  'How many moons does Mars have?',
  'What is the largest moon of Jupiter?',
  'Who won the football World Cup in 2018?',
  'How do you make pizza dough?',
  'What is the chemical symbol for iron?',
  'What is the population of Tokyo?',
  'When was PostgreSQL first released?',
  'What is the boiling point of water on Mars?',
  'Which planet is closest to the Sun?',
  'How do bees make honey?',
];

/**
 * Held-out questions, written after the abstention rule was tuned on the sets above. Batch 1
 * was run once and then showed a weakness ("Which ocean is the largest?" answered by "the
 * largest planet"), fixed afterwards (the kind-of-answer noun is required when fewer than two
 * other terms remain); batch 2 was written after that fix and not used to change anything.
 * docs/benchmarks.md reports each batch's first run.
 */
export const HELD_OUT_ANSWERABLE_QUESTIONS: readonly AnswerableQuestion[] = [
  // batch 1
  { question: 'What gives Mars its reddish colour?', expect: 'iron oxide' },
  { question: 'Where was penicillin discovered?', expect: 'London' },
  { question: 'What do vaccines train?', expect: 'immune system' },
  { question: 'What does photosynthesis release?', expect: 'oxygen' },
  { question: 'What did the French Revolution end?', expect: 'monarchy' },
  { question: 'Where were the Olympic Games revived?', expect: 'Athens' },
  { question: 'What is coffee brewed from?', expect: 'roasted coffee beans' },
  { question: 'What is bread made from?', expect: 'flour, water and yeast' },
  { question: 'How many people live in Berlin?', expect: '3.8 million' },
  { question: 'What is the fastest speed in the universe?', expect: 'Light travels' },
  { question: 'What is Jupiter?', expect: 'gas giant' },
  { question: 'What is the powerhouse of the cell?', expect: 'Mitochondria' },
  { question: 'What does reciprocal rank fusion combine?', expect: 'ranked lists' },
  { question: 'At what temperature does water boil at higher altitude?', expect: 'lower temperature' },
  { question: 'What does pgvector add?', expect: 'vector type' },
  // batch 2
  { question: 'Where does Paris sit?', expect: 'Seine' },
  { question: 'What did Alexander Fleming discover?', expect: 'Penicillin' },
  { question: 'What is the Prado?', expect: 'art museums' },
  { question: 'What divided Berlin from 1961?', expect: 'Berlin Wall' },
  { question: 'How many kilometres per second does light travel?', expect: '300,000' },
  { question: 'What is a gas giant?', expect: 'Jupiter' },
  { question: 'Why do mitochondria matter to a cell?', expect: 'chemical energy' },
  { question: 'What kind of index builds a graph over vectors?', expect: 'HNSW' },
  { question: 'When was the Eiffel Tower the tallest structure in the world?', expect: '1889' },
  { question: 'What does yeast produce?', expect: 'gas' },
  { question: 'What planet is called the red planet?', expect: 'Mars' },
];

/** Held-out unanswerable questions (see {@link HELD_OUT_ANSWERABLE_QUESTIONS}). */
export const HELD_OUT_UNANSWERABLE_QUESTIONS: readonly string[] = [
  // batch 1
  'What is the capital of Canada?',
  'Who discovered gravity?',
  'What is the largest city of Spain?',
  'When was the Prado museum founded?',
  'How many players are on a basketball team?',
  'How long is a football match?',
  'What is the population of Madrid?',
  'Who designed the Eiffel Tower?',
  'What does RNA carry?',
  'How fast does a cheetah run?',
  'What is the boiling point of ethanol?',
  'Which ocean is the largest?',
  'When did the Eiffel Tower open?',
  'What do mitochondria store?',
  'Who won the first Olympic Games?',
  // batch 2
  'What is the capital of Greece?',
  'What is the currency of France?',
  'When did Germany win the World Cup?',
  'What is the tallest mountain in the world?',
  'How many moons does Jupiter have?',
  'What language is spoken in Spain?',
  'Who is the president of France?',
  'What is the boiling point of water in Fahrenheit?',
  'Which vaccine prevents polio?',
  'What is the atomic number of oxygen?',
  'Who founded PostgreSQL?',
];
