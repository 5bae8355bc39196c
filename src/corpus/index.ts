export { corpusFingerprint, loadCorpus, parseArticle, readArticle, isArticleFile, type CorpusLoad } from './load.js';
export { cutPassages, cutText, MAX_PASSAGE } from './passages.js';
export { cleanArticle, wordShingles } from './clean.js';
export { repairText, decodeHexBytes } from './repair.js';
export { splitSentences, type Sentence } from './sentences.js';
