export { compareCorpusPaths, loadCorpus, parseArticle, parseCorpus, readArticle, readCorpusFiles, readSkippedFiles, isArticleFile, type CorpusFile, type CorpusFiles, type CorpusLoad, type FileStamp, type KnownFiles } from './load.js';
export { cutPassages, cutText, MAX_PASSAGE } from './passages.js';
export { cleanArticle, wordShingles } from './clean.js';
export { repairText, decodeHexBytes } from './repair.js';
export { splitSentences, type Sentence } from './sentences.js';
