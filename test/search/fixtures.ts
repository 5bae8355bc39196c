import { generatedArticles } from '../../bench/generate.js';
import { buildBriefing, type Briefing } from '../../src/briefing.js';
import { cutPassages, parseArticle } from '../../src/corpus/index.js';
import { PassageIndex } from '../../src/search/index.js';

/** Generated news articles on unrelated matters, so that word rarity means what it does in a real corpus. */
const background = generatedArticles(20, 3);

/** A briefing over these files (name → text) and the background articles. */
export function tiny(files: Record<string, string>): Briefing {
  return buildBriefing([...Object.entries(files).map(([file, text]) => parseArticle(file, new TextEncoder().encode(text)).article), ...background]);
}

/** A passage index over these files and the background articles. */
export function indexOf(files: Record<string, string>): PassageIndex {
  const index = new PassageIndex();
  for (const [file, text] of Object.entries(files)) {
    const { article } = parseArticle(file, new TextEncoder().encode(text));
    index.add(article, cutPassages(article));
  }
  for (const article of background) index.add(article, cutPassages(article));
  return index;
}
