/**
 * Prompt pairs for the semantic cache, tuned with fake-upstream's bag-of-words embeddings
 * (packages/fake-upstream/src/model/embedding.ts), where "means the same" is "has the same
 * content words", up to case, punctuation, stop words, inflection and some reordering.
 * With those embeddings every `paraphrases` pair scores ≥ 0.85 and every `unrelated`
 * pair ≤ 0.6 (see semantic-cache.test.ts), so tests use `fakeEmbeddingThreshold`.
 * A real embeddings model needs its own threshold (0.95 is the default): measure it in
 * shadow mode.
 */
export const fakeEmbeddingThreshold = 0.85;

export const paraphrases: ReadonlyArray<readonly [string, string]> = [
  ['What is the capital of France?', "what's the capital of france"],
  ['How do I reverse a list in Python?', 'How can I reverse a Python list?'],
  ['Explain how photosynthesis works in plants.', 'How does photosynthesis work in plants?'],
  ['Translate "good morning" into Spanish.', 'Please translate good morning to Spanish'],
  ['Give me three tips for better sleep.', 'Tips for better sleep: give me three.'],
  ['Summarize the plot of Hamlet.', 'Can you summarize the plot of Hamlet?'],
  ['Convert 100 degrees Fahrenheit to Celsius', 'convert 100 degree fahrenheit into celsius'],
  ['Write a haiku about autumn leaves', 'write a haiku about the autumn leaves.'],
  ['What are some good tips to sleep better at night?', 'Tips for sleeping better at night'],
  ['How do I center a div in CSS?', 'How can I center a div using CSS?'],
  [
    'What is the boiling point of water at sea level?',
    'At sea level, what is the boiling point of water?',
  ],
  ['List the planets of the solar system in order', 'List the solar system planets in order'],
];

/** Pairs that must not answer each other, some sharing words on purpose. */
export const unrelated: ReadonlyArray<readonly [string, string]> = [
  ['What is the capital of France?', 'What is the capital of Germany?'],
  ['How do I reverse a list in Python?', 'How do I sort a dictionary in JavaScript?'],
  ['Explain how photosynthesis works in plants.', 'Explain how vaccines train the immune system.'],
  ['Translate "good morning" into Spanish.', 'Translate "good night" into Japanese.'],
  ['Give me three tips for better sleep.', 'Give me three recipes with chickpeas.'],
  ['Summarize the plot of Hamlet.', 'Who wrote Pride and Prejudice?'],
  ['Convert 100 degrees Fahrenheit to Celsius', 'Convert 5 miles to kilometers'],
  ['Write a haiku about autumn leaves', 'Write a limerick about a cat'],
];
