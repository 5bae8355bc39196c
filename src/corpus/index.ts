export { compareCorpusPaths, loadCorpus, inspectArticle, inspectFile, parseArticle, parseCorpus, readArticle, readCorpusFiles, readSkippedFiles, isArticleFile, type CorpusFile, type ReadOptions, type CorpusFiles, type CorpusLoad, type FileStamp, type KnownFiles } from './load.js';
export { readHtmlPage, type PageArticle, type PageMetadata } from './html.js';
export { cutPassages, cutText, MAX_PASSAGE } from './passages.js';
export { cleanArticle, cleanBlocks, wordShingles, type Block, type DroppedLine } from './clean.js';
export { repairText, decodeHexBytes } from './repair.js';
export { splitSentences, type Sentence } from './sentences.js';
