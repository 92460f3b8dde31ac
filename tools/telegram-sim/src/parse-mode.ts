import { parseHtml } from './parse-html.ts';
import { parseMarkdown, parseMarkdownV2 } from './parse-markdown.ts';
import { ParseEntitiesError, type FormattedText } from './text-cursor.ts';

export { ParseEntitiesError, type FormattedText };

/** Applies a Bot API parse_mode the way tdlib does; throws ParseEntitiesError with tdlib's text. */
export function parseEntities(text: string, parseMode: string): FormattedText {
  const mode = parseMode.toLowerCase();
  if (mode === 'html') return parseHtml(text);
  if (mode === 'markdownv2') return parseMarkdownV2(text);
  if (mode === 'markdown') return parseMarkdown(text);
  throw new ParseEntitiesError('Unsupported parse_mode');
}
